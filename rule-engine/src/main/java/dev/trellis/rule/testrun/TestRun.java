package dev.trellis.rule.testrun;

import java.util.Map;

/**
 * The outcome of a test run, for a designer.
 *
 * @param value what the expression or rule gave: an expression's value; for a validation rule
 *              {@code {"refuses", "message", "field"}}; for a trigger {@code {"fires", "sets"}}; for a decision
 *              table the {@link dev.trellis.rule.routing.Decision}
 * @param type  the expression's type ({@code number}, …) or the rule's kind
 * @param trace every value read from the record, by path ({@code partner.region}, {@code prior.status})
 */
public record TestRun(Object value, String type, Map<String, Object> trace) {
}
