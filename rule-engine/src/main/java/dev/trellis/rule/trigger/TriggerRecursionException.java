package dev.trellis.rule.trigger;

import dev.trellis.core.ConflictException;
import dev.trellis.core.Problem;
import java.util.List;
import java.util.Map;

/**
 * A trigger would run again for a record while it is still running for it, or a chain of triggers went
 * deeper than the limit: the write is refused and rolled back rather than looping (HTTP 409).
 */
public class TriggerRecursionException extends ConflictException {

    public TriggerRecursionException(String message, List<String> chain) {
        super("trigger-recursion", message, List.of(new Problem("trigger-recursion", "", message,
                Map.of("chain", List.copyOf(chain)))), null);
    }
}
