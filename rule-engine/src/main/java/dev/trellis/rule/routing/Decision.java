package dev.trellis.rule.routing;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a decision table decided for a record, and why.
 *
 * @param outcomes  the matching rows' outcomes in row order (one at most under the first-match policy), or
 *                  the default's; empty when nothing matched and the table allows that
 * @param defaulted whether the outcome is the default's
 * @param trace     each row looked at, in order, and whether it matched
 * @param reads     every value the table read from the record, by path ({@code partner.region}), for designers
 */
public record Decision(String table, List<Outcome> outcomes, boolean defaulted, List<RowTrace> trace,
        Map<String, Object> reads) {

    /**
     * One outcome: its row (index and name; null for the default), the assignee and the computed outputs.
     */
    public record Outcome(Integer row, String rowName, Assignee assignee, Map<String, Object> outputs) {
    }

    /**
     * A row looked at: whether it matched and, when not, the JSON path in the table of the first cell or
     * condition that did not hold ({@code /rows/2/when/partner.region}).
     */
    public record RowTrace(int row, String name, boolean matched, String failedAt) {
    }

    /** Whether a row matched (the default is no match). */
    public boolean matched() {
        return !outcomes.isEmpty() && !defaulted;
    }

    /** The deciding outcome under the first-match policy; the first of several under collect. */
    public Optional<Outcome> first() {
        return outcomes.stream().findFirst();
    }
}
