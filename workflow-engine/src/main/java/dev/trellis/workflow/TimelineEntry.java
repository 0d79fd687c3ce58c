package dev.trellis.workflow;

import java.time.OffsetDateTime;

/**
 * One entry of a record's approval timeline: who did what at which step, with their comment, when.
 *
 * @param action submit, approve, reject, reject_back, return, withdraw, delegate, resolve, transfer,
 *               add_signer, claim, remind, escalate, timeout_approve, timeout_reject, approved, rejected
 * @param target the user or step an action handed over to
 */
public record TimelineEntry(long id, long instanceId, String flow, String step, Long taskId, long actorId,
        String actor, String action, String comment, String target, OffsetDateTime at) {
}
