package dev.trellis.workflow.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.ConflictException;
import dev.trellis.core.TrellisException;
import dev.trellis.workflow.ApprovalStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.flowable.common.engine.api.FlowableException;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.runtime.ProcessInstance;
import org.jooq.Record;

/**
 * Starts a flow version for a record, in the caller's transaction: the approval row and the submit entry of
 * the timeline, the record's status set to in approval (before the process runs, so a flow that approves at
 * once ends it approved), then the process instance on the version's process definition.
 */
final class FlowStarter {

    private final FlowVersions versions;
    private final FlowStore store;
    private final RecordWrites writes;
    private final FlowRuntime runtime;
    private final Supplier<RuntimeService> processes;

    FlowStarter(FlowVersions versions, FlowStore store, RecordWrites writes, FlowRuntime runtime,
            Supplier<RuntimeService> processes) {
        this.versions = versions;
        this.store = store;
        this.writes = writes;
        this.runtime = runtime;
        this.processes = processes;
    }

    /**
     * @param version   the record's version when the caller has just read it; null to read it here
     * @param variables extra process variables (from a trigger's start_flow): text, numbers and booleans only
     * @return the approval's row as it was entered
     */
    Record start(FlowVersions.LoadedFlow flow, long recordId, Integer version, Actor submitter,
            Map<String, Object> variables, String comment) {
        String app = flow.app();
        String object = flow.definition().object();
        String definition = versions.processDefinition(flow);
        // the process instance id is chosen here, so the approval row is written once, with it
        String processId = UUID.randomUUID().toString();
        Record instance = store.startInstance(app, object, recordId, flow.definition().name(), flow.version(), submitter,
                processId, comment).orElseThrow(() -> new ConflictException("approval-running", object + " " + recordId
                        + " is already in approval; withdraw it first"));
        long instanceId = instance.get(FlowStore.ID);
        writes.set(app, object, recordId, version, Map.of(flow.definition().statusField(),
                ApprovalStatus.IN_APPROVAL.value()), RecordWrites.writer(flow.definition().name(), submitter.username()));
        Map<String, Object> all = new HashMap<>(variables);
        all.put(FlowRuntime.INSTANCE, instanceId);
        runtime.started(instanceId, flow, recordId, submitter);
        ProcessInstance process;
        try {
            process = processes.get().createProcessInstanceBuilder().processDefinitionId(definition)
                    .predefineProcessInstanceId(processId).businessKey(app + "/" + object + "/" + recordId)
                    .variables(all).start();
        } catch (FlowableException e) {
            throw unwrap(e);
        }
        // a flow that decided at once (an automatic branch) ended the approval: its row changed
        return process.isEnded() || !runtime.remembers(instanceId) ? store.instance(instanceId).orElseThrow() : instance;
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
