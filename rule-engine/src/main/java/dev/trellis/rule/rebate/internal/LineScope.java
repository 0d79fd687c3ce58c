package dev.trellis.rule.rebate.internal;

import java.util.Set;
import java.util.TreeSet;

/**
 * Which lines of one component an incremental recompute covers: those of {@link #partners()}, and of those only
 * the lines paid to {@link #payees()} (null: every payee). A bonus line is recomputed for the salesperson a write
 * concerns, not for every salesperson of the partner — unless the write does not tell who that was (a deleted
 * record's owner is not among its old values), and then for all of them.
 */
final class LineScope {

    private final Set<Long> partners = new TreeSet<>();
    private Set<Long> payees;

    private LineScope(boolean everyPayee) {
        this.payees = everyPayee ? null : new TreeSet<>();
    }

    /** The rebate component: its lines are the partners' own. */
    static LineScope perPartner() {
        return new LineScope(true);
    }

    /** A bonus component: lines per payee. */
    static LineScope perPayee() {
        return new LineScope(false);
    }

    /** Adds a partner and a payee of it; a null payee stands for every payee. */
    LineScope add(long partner, Long payee) {
        partners.add(partner);
        if (payee == null) {
            payees = null;
        } else if (payees != null) {
            payees.add(payee);
        }
        return this;
    }

    Set<Long> partners() {
        return partners;
    }

    /** The payees, or null for every one. */
    Set<Long> payees() {
        return payees;
    }
}
