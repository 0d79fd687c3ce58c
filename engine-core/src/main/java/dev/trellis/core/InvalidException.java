package dev.trellis.core;

import java.util.List;

/** The input is invalid; {@link #problems()} lists every problem with its JSON path (HTTP 400). */
public class InvalidException extends TrellisException {

    public InvalidException(String message, List<Problem> problems) {
        this(problems.size() == 1 ? problems.get(0).code() : "invalid", message, problems);
    }

    public InvalidException(String code, String message, List<Problem> problems) {
        super(code, message, problems, null);
    }

    public InvalidException(List<Problem> problems) {
        this(summary(problems), problems);
    }

    public static InvalidException of(String code, String path, String message) {
        return new InvalidException(message, List.of(Problem.of(code, path, message)));
    }

    private static String summary(List<Problem> problems) {
        if (problems.size() == 1) {
            Problem p = problems.get(0);
            return p.path().isEmpty() ? p.message() : p.path() + ": " + p.message();
        }
        return problems.size() + " problems";
    }
}
