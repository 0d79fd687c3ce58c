package dev.trellis.workflow.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.ConflictException;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.security.UserAccount;
import dev.trellis.core.security.UserService;
import dev.trellis.rule.ExpressionService;
import dev.trellis.rule.ValueType;
import dev.trellis.workflow.FlowDefinition;
import dev.trellis.workflow.FlowDefinition.Mode;
import dev.trellis.workflow.FlowDefinition.Step;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.flowable.common.engine.impl.context.Context;
import org.flowable.common.engine.impl.interceptor.CommandContext;
import org.flowable.engine.delegate.DelegateExecution;

/**
 * The one bean the compiled BPMN may call, as {@code trellis}: the generated expressions hand it the
 * execution and an element id, and it answers from the flow version's settings. Conditions are Trellis
 * expressions evaluated by the rule engine over the record; approvers come from {@link ApproverResolver};
 * the record is written through the record service. Process variables hold only ids, names and counters.
 */
public final class FlowRuntime {

    /** The one process variable a start sets: the approval's id; the rest is read from its row. */
    static final String INSTANCE = "trellis_instance";
    private static final int FACTS_KEPT = 10_000;

    private final MetadataService metadata;
    private final FlowVersions versions;
    private final FlowStore store;
    private final ApproverResolver approvers;
    private final RecordWrites writes;
    private final ExpressionService expressions;
    private final UserService users;
    private final TimeoutActions timeouts;
    private final Map<Long, Facts> facts = new java.util.concurrent.ConcurrentHashMap<>();

    /** What never changes about an approval: its app, flow version, record and submitter. */
    private record Facts(String app, String flow, int version, long record, long submitterId, String submitter) {
    }

    FlowRuntime(MetadataService metadata, FlowVersions versions, FlowStore store, ApproverResolver approvers,
            RecordWrites writes, ExpressionService expressions, UserService users, TimeoutActions timeouts) {
        this.metadata = metadata;
        this.versions = versions;
        this.store = store;
        this.approvers = approvers;
        this.writes = writes;
        this.expressions = expressions;
        this.users = users;
        this.timeouts = timeouts;
    }

    /**
     * What the variables of a running approval say about it. The submitter as an actor (roles, department) is
     * looked up only when an expression or an approver source needs them.
     */
    record Run(long instanceId, FlowVersions.LoadedFlow flow, long recordId, long submitterId, String submitterName,
            Supplier<Actor> submitterLookup) {

        Actor submitter() {
            return submitterLookup.get();
        }

        FlowDefinition definition() {
            return flow.definition();
        }

        String app() {
            return flow.app();
        }

        String object() {
            return flow.definition().object();
        }

        Actor writer() {
            return RecordWrites.writer(definition().name(), submitterName);
        }
    }

    /** What a start knows of its approval, so the process it starts need not read it back. */
    void started(long instanceId, FlowVersions.LoadedFlow flow, long recordId, Actor submitter) {
        if (facts.size() <= FACTS_KEPT) {
            facts.put(instanceId, new Facts(flow.app(), flow.definition().name(), flow.version(), recordId,
                    submitter.userId(), submitter.username()));
        }
    }

    /** Whether the facts of a running approval are known: false once {@link #finish} ended it. */
    boolean remembers(long instanceId) {
        return facts.containsKey(instanceId);
    }

    Run run(DelegateExecution execution) {
        long instanceId = ((Number) execution.getVariable(INSTANCE)).longValue();
        if (facts.size() > FACTS_KEPT) {
            facts.clear(); // facts are read again on demand; this only bounds the memory
        }
        Facts known = facts.computeIfAbsent(instanceId, id -> store.instance(id).map(r -> new Facts(r.get(FlowStore.APP),
                r.get(FlowStore.FLOW), r.get(FlowStore.FLOW_VERSION), r.get(FlowStore.RECORD_ID),
                r.get(FlowStore.SUBMITTER_ID), r.get(FlowStore.SUBMITTER))).orElseThrow());
        FlowVersions.LoadedFlow flow = versions.load(known.app(), known.flow(), known.version());
        long submitterId = known.submitterId();
        String submitterName = known.submitter();
        Supplier<Actor> submitter = memoize(() -> users.findByUsername(submitterName).filter(u -> u.id() == submitterId)
                .map(UserAccount::actor).orElseGet(() -> new Actor(submitterId, submitterName, Set.of())));
        return new Run(instanceId, flow, known.record(), submitterId, submitterName, submitter);
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        Object[] value = new Object[1];
        return () -> {
            if (value[0] == null) {
                value[0] = supplier.get();
            }
            @SuppressWarnings("unchecked")
            T t = (T) value[0];
            return t;
        };
    }

    static String approversVariable(String step) {
        return "trellis_" + step + "_approvers";
    }

    /**
     * The approvers of a multi-instance step as it is entered; of a sole-approver step's twin, the approver and
     * the signers {@link TaskActions} added.
     */
    public List<String> approvers(DelegateExecution execution, String element) {
        if (!element.equals(FlowCompiler.stepOf(element))) {
            return List.of(((String) execution.getVariable(approversVariable(element))).split(","));
        }
        // Flowable evaluates the collection again for each approver's execution: the first evaluation keeps its
        // answer on the step's multi-instance root (as text: no Java-serialised variables)
        DelegateExecution root = execution.isMultiInstanceRoot() || execution.getParent() == null ? execution
                : execution.getParent();
        Object resolved = root.getVariableLocal(approversVariable(element));
        if (resolved instanceof String joined) {
            return List.of(joined.split(","));
        }
        List<String> found = resolve(execution, element);
        root.setVariableLocal(approversVariable(element), String.join(",", found));
        return found;
    }

    /** The user id of the approver of a sole-approver step (see {@link FlowCompiler#sole}). */
    public String soleApprover(DelegateExecution execution, String step) {
        return assignee(resolve(execution, step).getFirst());
    }

    private List<String> resolve(DelegateExecution execution, String step) {
        Run run = run(execution);
        Step settings = run.definition().steps().get(step);
        List<String> found = approvers.resolve(settings.approvers(), settings.mode() == Mode.OR_SIGN, run.app(),
                () -> writes.read(run.app(), run.object(), run.recordId()), run::submitter);
        if (found.isEmpty()) {
            throw new ConflictException("flow-no-approvers", "step '" + step + "' of flow " + run.definition().name()
                    + " found no approver for " + run.object() + " " + run.recordId() + "; check its approvers ("
                    + settings.approvers() + ")");
        }
        return found;
    }

    /** The user id of a {@code u:} approver; null for a group. */
    public String assignee(String approver) {
        return approver.startsWith("u:") ? approver.substring(2) : null;
    }

    /** The candidate group of a {@code g:} approver; none for a user. */
    public List<String> groups(String approver) {
        return approver.startsWith("g:") ? List.of(approver.substring(2)) : List.of();
    }

    /** Whether the step is decided before every approver acted. */
    public boolean stepDone(DelegateExecution execution, String element) {
        Tally tally = tally(execution, element);
        return switch (tally.settings().mode()) {
            case OR_SIGN -> tally.approved() + tally.rejected() >= 1;
            case SEQUENTIAL, COUNTERSIGN -> tally.rejected() >= 1;
            case PERCENTAGE -> tally.approved() * 100 >= tally.settings().percentage() * tally.all()
                    || tally.rejected() * 100 > (100 - tally.settings().percentage()) * tally.all();
        };
    }

    /** Whether the decided step rejected the record. */
    public boolean rejected(DelegateExecution execution, String element) {
        Tally tally = tally(execution, element);
        return switch (tally.settings().mode()) {
            case OR_SIGN, SEQUENTIAL, COUNTERSIGN -> tally.rejected() >= 1;
            case PERCENTAGE -> tally.approved() * 100 < tally.settings().percentage() * tally.all();
        };
    }

    /** A step's settings and its decisions so far, of {@code all} approvers. */
    private record Tally(Step settings, int approved, int rejected, int all) {
    }

    /**
     * The decisions of the step's latest visit, from the inbox's tasks. The completion condition counts them when
     * a task completes and the decision gateway after the step asks again in the same Flowable command, when
     * nothing can have changed them: the count is kept on the command for that second question. (The gateway's
     * execution is no longer the step's, so the number of approvers comes from the first count; a plain task of
     * a sole-approver step has no counter, and one approver.)
     */
    private Tally tally(DelegateExecution execution, String element) {
        Run run = run(execution);
        CommandContext command = Context.getCommandContext();
        String key = "trellis.tally." + run.instanceId() + "." + element;
        if (command != null && command.getAttribute(key) instanceof Tally known) {
            return known;
        }
        String step = FlowCompiler.stepOf(element);
        int[] decisions = store.decisions(run.instanceId(), step);
        Tally tally = new Tally(run.definition().steps().get(step), decisions[0], decisions[1],
                approverCount(execution));
        if (command != null) {
            command.addAttribute(key, tally);
        }
        return tally;
    }

    /** The number of approvers of the step the execution is in: one for a plain task, which has no counter. */
    private static int approverCount(DelegateExecution execution) {
        Object value = execution.getVariable("nrOfInstances");
        return value instanceof Number n ? n.intValue() : 1;
    }

    /** A sequence flow's Trellis condition over the record as it is now, with the submitter as {@code user}. */
    public boolean condition(DelegateExecution execution, String sequenceFlow) {
        Run run = run(execution);
        PublishedApp app = metadata.published(run.app());
        String source = run.flow().conditions().get(sequenceFlow);
        Map<String, Object> record = writes.read(run.app(), run.object(), run.recordId());
        return Boolean.TRUE.equals(expressions.compiled(app, run.object(), source, ValueType.BOOLEAN)
                .evaluate(writes.context(app, run.object(), record, run.submitter())));
    }

    /**
     * Ends the approval (its row and its timeline entry), then writes the record's status and completion values
     * in one audited write.
     */
    public void finish(DelegateExecution execution, String outcome) {
        Run run = run(execution);
        facts.remove(run.instanceId());
        if (!store.finish(run.instanceId(), outcome)) {
            return;
        }
        FlowDefinition definition = run.definition();
        Map<String, String> values = outcome.equals("approved") ? definition.onApproved() : definition.onRejected();
        writes.compute(metadata.published(run.app()), run.object(), run.recordId(), values,
                Map.of(definition.statusField(), outcome), run.writer(), run::submitter);
    }

    /** A service task: its Trellis action. */
    public void service(DelegateExecution execution, String task) {
        Run run = run(execution);
        FlowDefinition.Service service = run.definition().services().get(task);
        // set_fields is the one action so far; the kind's schema refuses any other name
        writes.compute(metadata.published(run.app()), run.object(), run.recordId(), service.values(), Map.of(),
                run.writer(), run::submitter);
    }

    /** A step's timer fired: remind, escalate, or decide. */
    public void timeout(DelegateExecution execution, String element) {
        timeouts.fire(run(execution), FlowCompiler.stepOf(element));
    }
}
