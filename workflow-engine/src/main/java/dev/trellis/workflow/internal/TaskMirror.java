package dev.trellis.workflow.internal;

import org.flowable.common.engine.api.delegate.event.FlowableEngineEventType;
import org.flowable.common.engine.api.delegate.event.FlowableEntityEvent;
import org.flowable.common.engine.api.delegate.event.FlowableEvent;
import org.flowable.common.engine.api.delegate.event.FlowableEventListener;
import org.flowable.engine.impl.persistence.entity.ExecutionEntity;
import org.flowable.engine.impl.util.CommandContextUtil;
import org.flowable.task.service.impl.persistence.entity.TaskEntity;

/**
 * Keeps the inbox's task table in step with Flowable's tasks, in the same transaction: a created task is
 * entered with its approver (a user, or a group to claim), its step (a twin's is the step it stands for) and the
 * step visit it belongs to (its multi-instance execution, or itself), a task Flowable deletes without its being completed (the
 * step was decided without it, the approval was withdrawn) is marked cancelled. It is configured on the
 * engine, never in a BPMN document.
 */
final class TaskMirror implements FlowableEventListener {

    private static final String COMPLETED = "trellis.completed.";

    private final FlowStore store;

    TaskMirror(FlowStore store) {
        this.store = store;
    }

    @Override
    public void onEvent(FlowableEvent event) {
        if (!(event instanceof FlowableEntityEvent entityEvent) || !(entityEvent.getEntity() instanceof TaskEntity task)) {
            return;
        }
        if (event.getType() == FlowableEngineEventType.TASK_CREATED) {
            // the variables are the execution's, already in the command's cache: asking the task would first
            // read its (empty) task-local variables from the database
            ExecutionEntity execution = CommandContextUtil.getExecutionEntityManager().findById(task.getExecutionId());
            Object instance = execution.getVariable(FlowRuntime.INSTANCE);
            if (!(instance instanceof Number id)) {
                return; // not a Trellis flow
            }
            String approver = (String) execution.getVariable(FlowCompiler.APPROVER);
            Long assignee = task.getAssignee() == null ? null : Long.valueOf(task.getAssignee());
            String candidate = approver != null && approver.startsWith("g:") ? approver.substring(2) : null;
            // a visit of a multi-instance step is its root execution; of a plain task, the task itself
            ExecutionEntity parent = execution.getParent();
            String visit = parent != null && parent.isMultiInstanceRoot() ? parent.getId() : task.getId();
            store.insertTask(task.getId(), id.longValue(), FlowCompiler.stepOf(task.getTaskDefinitionKey()), task.getName(),
                    assignee, candidate, visit);
        } else if (event.getType() == FlowableEngineEventType.TASK_COMPLETED) {
            // a completed task was decided, and its row written, by TaskActions: its deletion changes nothing
            CommandContextUtil.getCommandContext().addAttribute(COMPLETED + task.getId(), Boolean.TRUE);
        } else if (event.getType() == FlowableEngineEventType.ENTITY_DELETED
                && CommandContextUtil.getCommandContext().getAttribute(COMPLETED + task.getId()) == null) {
            store.cancelIfOpen(task.getId());
        }
    }

    @Override
    public boolean isFailOnException() {
        return true;
    }

    @Override
    public boolean isFireOnTransactionLifecycleEvent() {
        return false;
    }

    @Override
    public String getOnTransaction() {
        return null;
    }
}
