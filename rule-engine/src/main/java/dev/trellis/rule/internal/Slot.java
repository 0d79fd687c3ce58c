package dev.trellis.rule.internal;

import dev.trellis.rule.ValueType;
import java.util.List;

/**
 * One value a compiled expression reads, computed in Java before MVEL runs: the record's value at a
 * path (blank as 0, '' or false), the prior value, whether a value is blank, whether a field changed, or
 * an attribute of the current user. MVEL sees only these as variables {@code v0, v1, …}.
 */
record Slot(Kind kind, List<String> path, ValueType type) {

    enum Kind {
        VALUE, PRIOR, VALUE_BLANK, PRIOR_BLANK, CHANGED, USER
    }
}
