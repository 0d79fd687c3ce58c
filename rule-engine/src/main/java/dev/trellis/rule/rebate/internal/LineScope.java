package dev.trellis.rule.rebate.internal;

import java.util.Set;
import java.util.TreeSet;

/**
 * Which lines of one component an incremental recompute covers: those of {@code partners}, and of those only
 * the lines paid to {@code payees} (null: every payee). A bonus line is recomputed for the salesperson a
 * write concerns, not for every salesperson of the partner.
 */
record LineScope(Set<Long> partners, Set<Long> payees) {

    static LineScope empty(boolean everyPayee) {
        return new LineScope(new TreeSet<>(), everyPayee ? null : new TreeSet<>());
    }

    LineScope add(long partner, Long payee) {
        partners.add(partner);
        if (payees != null && payee != null) {
            payees.add(payee);
        }
        return this;
    }
}
