package dev.trellis.workflow.internal;

import dev.trellis.rule.trigger.NotificationService;
import dev.trellis.workflow.FlowDefinition;
import dev.trellis.workflow.FlowDefinition.Timeout;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.flowable.engine.TaskService;

/**
 * What a step's timer does when it fires (the compiled BPMN routes the decisions): a reminder to everyone
 * who still holds a task of the step, an escalation that hands their tasks to the escalation approver, or a
 * timeline entry for an automatic approval or rejection (the interrupting timer has already ended the step).
 */
final class TimeoutActions {

    private final FlowStore store;
    private final ApproverResolver approvers;
    private final RecordWrites writes;
    private final NotificationService notifications;
    private final Supplier<TaskService> tasks;

    TimeoutActions(FlowStore store, ApproverResolver approvers, RecordWrites writes, NotificationService notifications,
            Supplier<TaskService> tasks) {
        this.store = store;
        this.approvers = approvers;
        this.writes = writes;
        this.notifications = notifications;
        this.tasks = tasks;
    }

    void fire(FlowRuntime.Run run, String step) {
        Timeout timeout = run.definition().steps().get(step).timeout();
        String name = run.flow().names().getOrDefault(step, step);
        switch (timeout.action()) {
            case REMIND -> {
                List<Long> holders = store.openTasks(run.instanceId(), step).stream()
                        .map(FlowStore.TaskRow::assigneeId).filter(Objects::nonNull).distinct().toList();
                notifications.send(holders, run.app(), run.object(), run.recordId(), "flow " + run.definition().name(),
                        "Reminder: " + name + " is waiting for your decision", null);
                store.action(run.instanceId(), step, null, 0, "flow", "remind", null, null);
            }
            case ESCALATE -> escalate(run, step, timeout);
            case APPROVE, REJECT -> store.action(run.instanceId(), step, null, 0, "flow",
                    "timeout_" + timeout.action().name().toLowerCase(), null, null);
        }
    }

    private void escalate(FlowRuntime.Run run, String step, Timeout timeout) {
        List<String> to = approvers.resolve(timeout.escalateTo(), false, run.app(),
                () -> writes.load(run.app(), run.object(), run.recordId()), run::submitter);
        if (to.isEmpty()) {
            store.action(run.instanceId(), step, null, 0, "flow", "escalate", "no one to escalate to", null);
            return;
        }
        String user = to.getFirst().substring(2);
        for (FlowStore.TaskRow task : store.openTasks(run.instanceId(), step)) {
            tasks.get().setAssignee(task.taskId(), user);
            store.assign(task.id(), Long.parseLong(user));
        }
        store.action(run.instanceId(), step, null, 0, "flow", "escalate", null, "user " + user);
    }

    static boolean decides(FlowDefinition.Step step) {
        return step.timeout() != null && (step.timeout().action() == Timeout.TimeoutAction.APPROVE
                || step.timeout().action() == Timeout.TimeoutAction.REJECT);
    }
}
