package dev.trellis.rule.rebate;

import dev.trellis.core.Actor;
import java.time.LocalDate;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Rebate policies at work: the ledger they write, full recomputes, status changes and simulations. The
 * ledger also follows every record write incrementally (see the package documentation), so a recompute is
 * needed only after a policy or the data behind it changed in ways a write does not show.
 *
 * <p>Managing the ledger (recompute, approve, pay, simulate) takes an administrator or the
 * {@value #MANAGER_ROLE} role. Reading it: managers see every line, a partner user the lines of their own
 * partner account, other users the bonus lines paid to themselves.
 */
public interface RebateService {

    String MANAGER_ROLE = "rebate_manager";

    /**
     * Recomputes one policy for the period holding {@code day}, for every partner, with the policy version in
     * force in that period: open lines are written or updated, open lines of partners without records in scope
     * removed; approved and paid lines never change (a change shows as a difference line).
     */
    RecomputeResult recompute(Actor actor, String app, String policy, LocalDate day);

    List<LedgerLine> ledger(Actor actor, String app, LedgerQuery query);

    LedgerLine line(Actor actor, String app, long id);

    /** The ids of the source records a line was computed from, as they are now, at most {@code limit}. */
    List<Long> sourceRecords(Actor actor, String app, long lineId, int limit);

    /** accrued → approved; any other status is a 409 ({@code rebate-line-status-conflict}). */
    LedgerLine approve(Actor actor, String app, long lineId);

    /** approved → paid; any other status is a 409 ({@code rebate-line-status-conflict}). */
    LedgerLine pay(Actor actor, String app, long lineId);

    /**
     * Runs a policy document (new or changed, not published) against the period holding {@code day} and
     * compares it, per partner and in total, with the ledger of policy {@code compareWith} (the document's own
     * name when null). Writes nothing; an invalid document is a 400 with every problem.
     */
    Simulation simulate(Actor actor, String app, JsonNode policy, LocalDate day, String compareWith);

    /** {@link #simulate} with the latest saved version (a draft, typically) of a policy. */
    Simulation simulateDraft(Actor actor, String app, String policy, LocalDate day);
}
