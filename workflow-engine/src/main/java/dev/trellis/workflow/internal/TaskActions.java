package dev.trellis.workflow.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.ConflictException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.NotFoundException;
import dev.trellis.workflow.ApprovalStatus;
import dev.trellis.workflow.FlowDefinition;
import dev.trellis.workflow.TaskAction;
import dev.trellis.workflow.TaskAction.Kind;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.bpmn.model.UserTask;
import org.flowable.engine.impl.util.CommandContextUtil;
import org.flowable.engine.impl.util.ProcessDefinitionUtil;
import org.flowable.task.api.DelegationState;
import org.flowable.task.api.Task;

/**
 * What an approver does with a task. Approve and reject count towards the step's decision (the compiled
 * completion condition reads the counters) and complete the Flowable task; the others move the work:
 * reject back to an earlier step, return to the submitter (the approval ends and the record is a draft
 * again), delegate and resolve, transfer, add a signer to a parallel step. Each is a timeline entry.
 */
final class TaskActions {

    private final FlowStore store;
    private final FlowVersions versions;
    private final RecordWrites writes;
    private final Supplier<TaskService> tasks;
    private final Supplier<RuntimeService> runtime;
    private final Supplier<ManagementService> commands;

    TaskActions(FlowStore store, FlowVersions versions, RecordWrites writes, Supplier<TaskService> tasks,
            Supplier<RuntimeService> runtime, Supplier<ManagementService> commands) {
        this.commands = commands;
        this.store = store;
        this.versions = versions;
        this.writes = writes;
        this.tasks = tasks;
        this.runtime = runtime;
    }

    /** The groups whose tasks an actor may claim: their roles, their department, queues named like a role. */
    static Set<String> candidates(Actor actor) {
        Set<String> candidates = new java.util.HashSet<>();
        for (String role : actor.roles()) {
            candidates.add("role:" + role);
            candidates.add("queue:" + role);
        }
        if (actor.departmentId() != null) {
            candidates.add("department:" + actor.departmentId());
        }
        return candidates;
    }

    /** The actor's open task, its row and its approval's locked until the transaction ends (see FlowStore#lockTask). */
    FlowStore.TaskRow open(Actor actor, long taskId) {
        FlowStore.TaskRow task = store.lockTask(taskId).orElseThrow(() -> new NotFoundException("task-not-found",
                "there is no task " + taskId));
        boolean mine = task.assigneeId() != null && task.assigneeId() == actor.userId();
        boolean claimable = task.assigneeId() == null && candidates(actor).contains(task.candidate());
        if (!mine && !claimable) {
            throw new NotFoundException("task-not-found", "there is no task " + taskId + " for you");
        }
        if (!task.status().equals("open")) {
            throw new ConflictException("task-closed", "task " + taskId + " is " + task.status());
        }
        return task;
    }

    FlowStore.TaskRow claim(Actor actor, FlowStore.TaskRow task) {
        if (task.assigneeId() != null) {
            return task;
        }
        tasks.get().claim(task.taskId(), String.valueOf(actor.userId()));
        store.assign(task.id(), actor.userId());
        store.action(task.instanceId(), task.step(), task.id(), actor.userId(), actor.username(), "claim", null, null);
        return store.task(task.id()).orElseThrow();
    }

    /**
     * Does the action; returns the task as it is after it. One Flowable command holds the whole action, so the
     * task Flowable reads to check its delegation is the one it completes (its cache, not a second query).
     */
    FlowStore.TaskRow act(Actor actor, FlowStore.TaskRow task, TaskAction action) {
        Kind kind = action.action();
        if (kind == null) {
            throw InvalidException.of("action-required", "/action", "say what to do: approve, reject, reject_back, "
                    + "return, delegate, resolve, transfer or add_signer");
        }
        return commands.get().executeCommand(context -> act(actor, task, action, kind));
    }

    private FlowStore.TaskRow act(Actor actor, FlowStore.TaskRow task, TaskAction action, Kind kind) {
        // by id through the command's cache: the completion below finds it there
        Task flowable = CommandContextUtil.getTaskService().getTask(task.taskId());
        if (flowable == null) {
            throw new ConflictException("task-closed", "task " + task.id() + " was closed by another decision");
        }
        boolean delegated = flowable.getDelegationState() == DelegationState.PENDING;
        if (delegated && kind != Kind.RESOLVE) {
            throw new ConflictException("task-delegated", "the task was delegated to you: resolve it back to "
                    + "its approver, who decides");
        }
        switch (kind) {
            case APPROVE, REJECT -> {
                // the step's completion condition counts this decision from the inbox's task table
                // (FlowRuntime#stepDone), so it is written before Flowable completes the task
                OffsetDateTime done = store.decide(task, kind.value(), actor.userId(), actor.username(), action.comment(),
                        null);
                tasks.get().complete(task.taskId());
                return task.decided(kind.value(), done);
            }
            case REJECT_BACK -> rejectBack(actor, task, flowable.getTaskDefinitionKey(), action);
            case RETURN -> giveBack(actor, task, action.comment());
            case DELEGATE -> {
                long to = user(action);
                tasks.get().delegateTask(task.taskId(), String.valueOf(to));
                handOver(actor, task, kind, action.comment(), to);
            }
            case RESOLVE -> {
                if (!delegated) {
                    throw new ConflictException("task-not-delegated", "only a delegated task is resolved");
                }
                tasks.get().resolveTask(task.taskId());
                handOver(actor, task, kind, action.comment(), Long.parseLong(flowable.getOwner()));
            }
            case TRANSFER -> {
                long to = user(action);
                tasks.get().setAssignee(task.taskId(), String.valueOf(to));
                handOver(actor, task, kind, action.comment(), to);
            }
            case ADD_SIGNER -> {
                return addSigner(actor, task, flowable, action);
            }
        }
        return store.task(task.id()).orElseThrow();
    }

    /** @param activity the task's element in the compiled flow: its step, or the step's twin */
    private void rejectBack(Actor actor, FlowStore.TaskRow task, String activity, TaskAction action) {
        FlowDefinition definition = versions.load(task.app(), task.flow(), task.flowVersion()).definition();
        String target = action.step();
        boolean visited = target != null && !target.equals(task.step()) && definition.steps().containsKey(target)
                && store.visited(task.instanceId(), target);
        if (!visited) {
            throw InvalidException.of("step-not-earlier", "/step", "reject back to a step this approval has already "
                    + "passed; '" + target + "' is not one");
        }
        store.decide(task, Kind.REJECT_BACK.value(), actor.userId(), actor.username(), action.comment(), target);
        runtime.get().createChangeActivityStateBuilder().processInstanceId(task.processInstanceId())
                .moveActivityIdTo(activity, target).changeState();
    }

    private void giveBack(Actor actor, FlowStore.TaskRow task, String comment) {
        FlowDefinition definition = versions.load(task.app(), task.flow(), task.flowVersion()).definition();
        store.decide(task, Kind.RETURN.value(), actor.userId(), actor.username(), comment, "submitter");
        store.end(task.instanceId(), "returned");
        runtime.get().deleteProcessInstance(task.processInstanceId(), "returned to the submitter");
        writes.set(task.app(), task.object(), task.recordId(), Map.of(definition.statusField(),
                ApprovalStatus.DRAFT.value()), RecordWrites.writer(definition.name(), task.submitter()));
    }

    /**
     * Adds a signer to a parallel step. A multi-instance step gets one more approver's task; a plain task (a
     * sole-approver step) moves to its twin, a multi-instance step over its holder and the signer: the holder's
     * task is cancelled and replaced by the twin's, which is returned.
     */
    private FlowStore.TaskRow addSigner(Actor actor, FlowStore.TaskRow task, Task flowable, TaskAction action) {
        FlowDefinition definition = versions.load(task.app(), task.flow(), task.flowVersion()).definition();
        if (definition.steps().get(task.step()).mode() == FlowDefinition.Mode.SEQUENTIAL) {
            throw new ConflictException("add-signer-sequential", "a signer is added to a parallel step "
                    + "(countersign, or-sign, percentage); step '" + task.step() + "' is sequential");
        }
        long to = user(action);
        String activity = flowable.getTaskDefinitionKey();
        boolean plain = ProcessDefinitionUtil.getProcess(flowable.getProcessDefinitionId())
                .getFlowElement(activity) instanceof UserTask element && !element.hasMultiInstanceLoopCharacteristics();
        if (plain) {
            String twin = FlowCompiler.signers(activity);
            runtime.get().setVariable(task.processInstanceId(), FlowRuntime.approversVariable(twin),
                    ApproverResolver.user(task.assigneeId()) + "," + ApproverResolver.user(to));
            runtime.get().createChangeActivityStateBuilder().processInstanceId(task.processInstanceId())
                    .moveActivityIdTo(activity, twin).changeState();
        } else {
            runtime.get().addMultiInstanceExecution(activity, task.processInstanceId(),
                    Map.of(FlowCompiler.APPROVER, ApproverResolver.user(to)));
        }
        store.action(task.instanceId(), task.step(), task.id(), actor.userId(), actor.username(),
                Kind.ADD_SIGNER.value(), action.comment(), "user " + to);
        return plain ? store.openTasks(task.instanceId(), task.step()).stream()
                .filter(t -> task.assigneeId().equals(t.assigneeId())).findFirst().orElseThrow()
                : store.task(task.id()).orElseThrow();
    }

    private void handOver(Actor actor, FlowStore.TaskRow task, Kind kind, String comment, long to) {
        store.assign(task.id(), to);
        store.action(task.instanceId(), task.step(), task.id(), actor.userId(), actor.username(), kind.value(), comment,
                "user " + to);
    }

    private static long user(TaskAction action) {
        if (action.user() == null) {
            throw InvalidException.of("user-required", "/user", action.action().value() + " needs the user to hand to");
        }
        return action.user();
    }
}
