package dev.trellis.workflow.internal;

import dev.trellis.core.Problem;
import dev.trellis.workflow.FlowDefinition;
import dev.trellis.workflow.FlowDefinition.Step;
import dev.trellis.workflow.FlowDefinition.Timeout.TimeoutAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.flowable.bpmn.converter.BpmnXMLConverter;
import org.flowable.bpmn.model.BoundaryEvent;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.EndEvent;
import org.flowable.bpmn.model.ExclusiveGateway;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.FlowableListener;
import org.flowable.bpmn.model.ImplementationType;
import org.flowable.bpmn.model.MultiInstanceLoopCharacteristics;
import org.flowable.bpmn.model.ParallelGateway;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.SequenceFlow;
import org.flowable.bpmn.model.ServiceTask;
import org.flowable.bpmn.model.StartEvent;
import org.flowable.bpmn.model.TimerEventDefinition;
import org.flowable.bpmn.model.UserTask;
import org.flowable.validation.ProcessValidatorFactory;
import org.flowable.validation.ValidationError;

/**
 * Compiles a checked flow into the BPMN that Flowable runs. Nothing of the analyst's document is copied but
 * ids, names and the graph: every expression in the result is one Trellis wrote, and each calls the one bean
 * the engine exposes, {@code trellis} ({@link FlowRuntime}), with element ids as quoted literals (ids are
 * checked to hold no quote). So a condition is {@code ${trellis.condition(execution, 'Flow_1')}}, evaluated
 * by the rule engine's sandbox over the record, never JUEL over the analyst's text.
 *
 * <p>Each user task becomes a multi-instance task over the approvers of its step (sequential for the
 * sequential mode, parallel otherwise) whose completion condition the runtime decides by the mode, or, where
 * the step has one approver at most, a plain user task with a multi-instance twin for added signers; it leaves
 * for the rejection end when the step was rejected, else by its drawn flow. Each end event of the drawing
 * ends the approval approved as it is reached; the rejection end is Trellis's own. A step's timeout is a timer on
 * the task: non-interrupting to remind or escalate, interrupting to decide.
 */
final class FlowCompiler {

    static final String REJECTED = "trellis_rejected";
    static final String APPROVER = "approver";
    private static final String SIGNERS = "__signers";

    private FlowCompiler() {
    }

    /** The process definition key of a flow of an app: stable across versions, so versions line up. */
    static String processKey(String app, String flow) {
        return "trellis_" + app + "__" + flow;
    }

    /**
     * Compiles a flow that passed its checks as a deployment would, and adds a problem for whatever Flowable's
     * own validation or its XML round trip would refuse: a flow that saves and publishes also deploys.
     */
    static void verify(String app, FlowDefinition flow, List<Problem> problems) {
        try {
            // as a deployment does: the compiled model goes to XML and is read back (which links the graph)
            BpmnModel model = BpmnReader.read(new String(new BpmnXMLConverter().convertToXML(compile(app, flow)),
                    StandardCharsets.UTF_8), BpmnChecker.PATH, problems);
            if (model == null) {
                return;
            }
            for (ValidationError error : new ProcessValidatorFactory().createDefaultProcessValidator().validate(model)) {
                if (!error.isWarning()) {
                    String element = error.getActivityId();
                    problems.add(new Problem("flow-compile-failed", BpmnChecker.PATH + (element == null ? "" : "/"
                            + element.replaceFirst("__.*", "")), "the engine would refuse the compiled flow: "
                            + error.getDefaultDescription(), java.util.Map.of()));
                }
            }
        } catch (RuntimeException e) {
            problems.add(Problem.of("flow-compile-failed", BpmnChecker.PATH, "the flow does not compile for the "
                    + "engine: " + e.getMessage()));
        }
    }

    static BpmnModel compile(String app, FlowDefinition flow) {
        List<Problem> problems = new ArrayList<>();
        BpmnModel drawn = BpmnReader.read(flow.bpmn(), BpmnChecker.PATH, problems);
        Process source = drawn == null ? null : BpmnChecker.check(drawn, flow.bpmn(), problems);
        if (source == null || !problems.isEmpty()) {
            throw new IllegalStateException("flow " + flow.name() + " was published with problems: " + problems);
        }
        Process target = new Process();
        target.setId(processKey(app, flow.name()));
        target.setName(flow.name());
        target.setExecutable(true);
        for (FlowElement element : source.getFlowElements()) {
            switch (element) {
                case StartEvent s -> target.addFlowElement(named(new StartEvent(), s));
                case EndEvent e -> target.addFlowElement(finishing(named(new EndEvent(), e), "approved"));
                case UserTask t -> step(target, t, flow.steps().get(t.getId()));
                case ServiceTask t -> {
                    ServiceTask compiled = service(t.getId(), "${trellis.service(execution, '" + t.getId() + "')}");
                    compiled.setName(t.getName());
                    target.addFlowElement(compiled);
                }
                case ExclusiveGateway g -> {
                    ExclusiveGateway compiled = named(new ExclusiveGateway(), g);
                    compiled.setDefaultFlow(g.getDefaultFlow());
                    target.addFlowElement(compiled);
                }
                case ParallelGateway g -> target.addFlowElement(named(new ParallelGateway(), g));
                case SequenceFlow f -> {
                    String condition = f.getConditionExpression() == null ? null
                            : "${trellis.condition(execution, '" + f.getId() + "')}";
                    SequenceFlow compiled = flow(f.getId(), f.getSourceRef(), f.getTargetRef(), condition);
                    compiled.setName(f.getName());
                    target.addFlowElement(compiled);
                }
                default -> throw new IllegalStateException("unchecked element " + element.getId());
            }
        }
        EndEvent rejectedEnd = new EndEvent();
        rejectedEnd.setId(REJECTED);
        target.addFlowElement(finishing(rejectedEnd, "rejected"));
        BpmnModel model = new BpmnModel();
        model.addProcess(target);
        model.setTargetNamespace("https://trellis.dev/flows/" + app);
        return model;
    }

    private static void step(Process target, UserTask drawn, Step step) {
        String id = drawn.getId();
        String next = drawn.getOutgoingFlows().getFirst().getId();
        String after = drawn.getOutgoingFlows().getFirst().getTargetRef();
        if (!sole(step.approvers())) {
            approvers(target, named(new UserTask(), drawn), step, next, after);
            return;
        }
        UserTask task = named(new UserTask(), drawn);
        task.setAssignee("${trellis.soleApprover(execution, '" + id + "')}");
        target.addFlowElement(task);
        decided(target, task, step, next, after);
        if (step.mode() != FlowDefinition.Mode.SEQUENTIAL) {
            // where an added signer takes the step (TaskActions#addSigner): unreachable by any drawn flow
            UserTask twin = named(new UserTask(), drawn);
            twin.setId(signers(id));
            SequenceFlow leaving = flow(signers(id) + "__next", twin.getId(), after, null);
            target.addFlowElement(leaving);
            approvers(target, twin, step, leaving.getId(), after);
        }
    }

    /**
     * Whether a step's approvers are one user at most (named, the submitter's manager, a user field): it runs
     * as a plain user task, without the bookkeeping of a multi-instance one (an execution, four counters and a
     * loop variable per approval), and turns into its {@link #signers} twin only when a signer is added.
     */
    static boolean sole(FlowDefinition.Approvers approvers) {
        return approvers.users() != null && approvers.users().size() == 1 || approvers.manager() != null
                || approvers.field() != null;
    }

    /** The multi-instance twin of a sole-approver step, where the step goes when a signer is added. */
    static String signers(String step) {
        return step + SIGNERS;
    }

    /** The step of the flow a compiled user task id belongs to: itself, or the step of its twin. */
    static String stepOf(String element) {
        return element.endsWith(SIGNERS) ? element.substring(0, element.length() - SIGNERS.length()) : element;
    }

    /**
     * A multi-instance task over the approvers of the step, sequential for the sequential mode, parallel
     * otherwise, whose completion condition the runtime decides by the mode.
     */
    private static void approvers(Process target, UserTask task, Step step, String next, String after) {
        String id = task.getId();
        task.setAssignee("${trellis.assignee(" + APPROVER + ")}");
        task.setCandidateGroups(List.of("${trellis.groups(" + APPROVER + ")}"));
        MultiInstanceLoopCharacteristics loop = new MultiInstanceLoopCharacteristics();
        loop.setInputDataItem("${trellis.approvers(execution, '" + id + "')}");
        loop.setElementVariable(APPROVER);
        loop.setSequential(step.mode() == FlowDefinition.Mode.SEQUENTIAL);
        loop.setCompletionCondition("${trellis.stepDone(execution, '" + id + "')}");
        task.setLoopCharacteristics(loop);
        target.addFlowElement(task);
        decided(target, task, step, next, after);
    }

    /**
     * The decided step leaves for the rejection end when it was rejected, else by the drawn flow, its default:
     * conditions on the task's own outgoing flows, so no gateway activity per step in the history.
     */
    private static void decided(Process target, UserTask task, Step step, String next, String after) {
        String id = task.getId();
        target.addFlowElement(flow(id + "__rejected", id, REJECTED, "${trellis.rejected(execution, '" + id + "')}"));
        task.setDefaultFlow(next);
        if (step.timeout() != null) {
            timeout(target, task, step.timeout(), after);
        }
    }

    private static void timeout(Process target, UserTask task, FlowDefinition.Timeout timeout, String next) {
        String step = task.getId();
        boolean decides = timeout.action() == TimeoutAction.APPROVE || timeout.action() == TimeoutAction.REJECT;
        BoundaryEvent timer = new BoundaryEvent();
        timer.setId(step + "__timer");
        timer.setAttachedToRefId(step);
        timer.setAttachedToRef(task);
        task.getBoundaryEvents().add(timer);
        timer.setCancelActivity(decides);
        TimerEventDefinition definition = new TimerEventDefinition();
        definition.setTimeDuration(timeout.after());
        timer.addEventDefinition(definition);
        target.addFlowElement(timer);
        target.addFlowElement(service(step + "__timeout", "${trellis.timeout(execution, '" + step + "')}"));
        target.addFlowElement(flow(step + "__timed_out", timer.getId(), step + "__timeout", null));
        String after = switch (timeout.action()) {
            case APPROVE -> next;
            case REJECT -> REJECTED;
            case REMIND, ESCALATE -> step + "__timeout_end";
        };
        if (!decides) {
            EndEvent end = new EndEvent();
            end.setId(step + "__timeout_end");
            target.addFlowElement(end);
        }
        target.addFlowElement(flow(step + "__after_timeout", step + "__timeout", after, null));
    }

    /**
     * An end event that ends the approval as it is reached (an execution listener of Trellis's own, not a service
     * task before it: one activity less in the history of each approval).
     */
    private static EndEvent finishing(EndEvent end, String outcome) {
        FlowableListener listener = new FlowableListener();
        listener.setEvent("start");
        listener.setImplementationType(ImplementationType.IMPLEMENTATION_TYPE_EXPRESSION);
        listener.setImplementation("${trellis.finish(execution, '" + outcome + "')}");
        end.getExecutionListeners().add(listener);
        return end;
    }

    private static <T extends FlowElement> T named(T element, FlowElement drawn) {
        element.setId(drawn.getId());
        element.setName(drawn.getName());
        return element;
    }

    private static ServiceTask service(String id, String expression) {
        ServiceTask task = new ServiceTask();
        task.setId(id);
        task.setImplementationType(ImplementationType.IMPLEMENTATION_TYPE_EXPRESSION);
        task.setImplementation(expression);
        return task;
    }

    private static SequenceFlow flow(String id, String from, String to, String condition) {
        SequenceFlow flow = new SequenceFlow(from, to);
        flow.setId(id);
        flow.setConditionExpression(condition);
        return flow;
    }
}
