package dev.trellis.workflow.internal;

import org.flowable.engine.impl.persistence.entity.ExecutionEntity;
import org.flowable.engine.interceptor.IdentityLinkInterceptor;
import org.flowable.identitylink.service.impl.persistence.entity.IdentityLinkEntity;
import org.flowable.task.service.impl.persistence.entity.TaskEntity;

/**
 * Flowable's default adds a "participant" identity link on the process instance for every assignee, completer
 * and starter, for its involved-user queries. Trellis asks its own inbox tables those questions, so the links
 * would be a row written, read and deleted per task for nothing. The task's own links (assignee, candidate
 * groups) are Flowable's task service's and stay.
 */
final class NoParticipantLinks implements IdentityLinkInterceptor {

    @Override
    public void handleCompleteTask(TaskEntity task) {
    }

    @Override
    public void handleAddIdentityLinkToTask(TaskEntity task, IdentityLinkEntity identityLink) {
    }

    @Override
    public void handleAddAssigneeIdentityLinkToTask(TaskEntity task, String assignee) {
    }

    @Override
    public void handleAddOwnerIdentityLinkToTask(TaskEntity task, String owner) {
    }

    @Override
    public void handleCreateProcessInstance(ExecutionEntity processInstance) {
    }

    @Override
    public void handleCreateSubProcessInstance(ExecutionEntity subProcessInstance, ExecutionEntity superExecution) {
    }
}
