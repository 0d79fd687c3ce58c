package dev.trellis.rule.trigger;

import dev.trellis.core.InvalidException;
import dev.trellis.core.Problem;
import java.util.List;

/**
 * An action of a trigger could not be carried out for this record (a value it computed was refused, an
 * expression could not be computed): the whole write is refused. The problems are those of the refused
 * write, each naming the trigger and action in its args.
 */
public class TriggerActionException extends InvalidException {

    public TriggerActionException(String message, List<Problem> problems) {
        super("trigger-action-failed", message, problems);
    }
}
