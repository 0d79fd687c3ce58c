package dev.trellis.workflow;

import dev.trellis.core.Actor;
import java.util.List;
import java.util.Optional;

/**
 * Approval flows at run time: starting one for a record, acting on its tasks, and the inbox. Every method
 * runs in one transaction with the record writes it makes (status, fields set on completion), which go
 * through the record service and are audited.
 */
public interface WorkflowService {

    /**
     * Submits a record for approval by {@code flow}, or by the object's flow that starts on submit when
     * {@code flow} is null. The record must be one the actor can change and not already in approval.
     */
    ApprovalView submit(Actor actor, String app, String object, long recordId, String flow, String comment);

    /** The submitter takes a record back out of approval, as long as no approver has acted. */
    ApprovalView withdraw(Actor actor, String app, String object, long recordId, String comment);

    /** Acts on a task the actor holds (or may claim): approve, reject, reject back, return, delegate… */
    TaskView act(Actor actor, long taskId, TaskAction action);

    /** Takes a group task, so it is the actor's alone. */
    TaskView claim(Actor actor, long taskId);

    TaskView task(Actor actor, long taskId);

    /** A page of one of the actor's inbox lists, newest first; {@code after} is the previous page's cursor. */
    Page<TaskView> inbox(Actor actor, Inbox box, int limit, Long after);

    /** The approvals the actor submitted, newest first. */
    Page<ApprovalView> submitted(Actor actor, int limit, Long after);

    /** The record's latest approval, if it ever had one; the actor must be able to read the record. */
    Optional<ApprovalView> approval(Actor actor, String app, String object, long recordId);

    /** Every action on the record's approvals, oldest first; the actor must be able to read the record. */
    List<TimelineEntry> timeline(Actor actor, String app, String object, long recordId);

    /**
     * Starts the flows that triggers asked for ({@code flow.start} events of the outbox), up to {@code limit};
     * returns how many events were handled. A background poller calls it; tests may too.
     */
    int startRequested(int limit);
}
