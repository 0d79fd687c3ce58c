package dev.trellis.workflow.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.ConflictException;
import dev.trellis.core.TrellisException;
import dev.trellis.workflow.ApprovalStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.flowable.common.engine.api.FlowableException;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.runtime.ProcessInstance;

/**
 * Starts a flow version for a record, in the caller's transaction: the approval row and the submit entry of
 * the timeline, the record's status set to in approval (before the process runs, so a flow that approves at
 * once ends it approved), then the process instance on the version's process definition.
 */
final class FlowStarter {

    private final FlowVersions versions;
    private final FlowStore store;
    private final RecordWrites writes;
    private final Supplier<RuntimeService> runtime;

    FlowStarter(FlowVersions versions, FlowStore store, RecordWrites writes, Supplier<RuntimeService> runtime) {
        this.versions = versions;
        this.store = store;
        this.writes = writes;
        this.runtime = runtime;
    }

    /**
     * @param variables extra process variables (from a trigger's start_flow): text, numbers and booleans only
     */
    long start(FlowVersions.LoadedFlow flow, long recordId, Actor submitter, Map<String, Object> variables,
            String comment) {
        String app = flow.app();
        String object = flow.definition().object();
        if (store.running(app, object, recordId).isPresent()) {
            throw new ConflictException("approval-running", object + " " + recordId + " is already in approval; "
                    + "withdraw it first");
        }
        String definition = versions.processDefinition(flow);
        long instanceId = store.insertInstance(app, object, recordId, flow.definition().name(), flow.version(), submitter);
        store.action(instanceId, null, null, submitter.userId(), submitter.username(), "submit", comment, null);
        writes.set(app, object, recordId, Map.of(flow.definition().statusField(), ApprovalStatus.IN_APPROVAL.value()),
                RecordWrites.writer(flow.definition().name(), submitter.username()));
        Map<String, Object> all = new HashMap<>(variables);
        all.put(FlowRuntime.INSTANCE, instanceId);
        ProcessInstance process;
        try {
            process = runtime.get().startProcessInstanceById(definition, app + "/" + object + "/" + recordId, all);
        } catch (FlowableException e) {
            throw unwrap(e);
        }
        store.setProcessInstance(instanceId, process.getId());
        return instanceId;
    }

    /**
     * The Trellis exception (a step without approvers, a record a condition could not read) inside a Flowable
     * exception, which wraps what the {@code trellis} bean throws while evaluating an expression; otherwise the
     * exception itself.
     */
    static RuntimeException unwrap(FlowableException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof TrellisException trellis) {
                return trellis;
            }
        }
        return e;
    }
}
