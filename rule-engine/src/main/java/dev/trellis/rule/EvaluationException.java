package dev.trellis.rule;

import dev.trellis.core.InvalidException;
import dev.trellis.core.Problem;
import java.util.List;

/** An expression that cannot compute its value for this record (HTTP 400: it is the data's doing). */
public class EvaluationException extends InvalidException {

    public EvaluationException(String path, String message) {
        super(List.of(Problem.of("expression-evaluation-failed", path, message)));
    }
}
