package dev.trellis.workflow.internal;

import dev.trellis.core.Problem;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowable.bpmn.model.Activity;
import org.flowable.bpmn.model.BaseElement;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.EndEvent;
import org.flowable.bpmn.model.ExclusiveGateway;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.FlowNode;
import org.flowable.bpmn.model.HasExecutionListeners;
import org.flowable.bpmn.model.ParallelGateway;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.ScriptTask;
import org.flowable.bpmn.model.SequenceFlow;
import org.flowable.bpmn.model.ServiceTask;
import org.flowable.bpmn.model.StartEvent;
import org.flowable.bpmn.model.UserTask;

/**
 * Checks a BPMN process before Trellis compiles it: only the elements Trellis runs (none start and end
 * events, user tasks, service tasks, exclusive and parallel gateways, sequence flows), nothing that carries
 * code of its own (JUEL/UEL, scripts, Java classes, delegate expressions, listeners), and a graph that works:
 * every node reachable from the start, every exclusive gateway with a default flow. What modelers write for
 * their own engines is judged by {@link VendorMetadata}: ignored when it only describes, refused when it would
 * run. Each problem's path is {@code /bpmn/<element id>}; nothing unsupported is dropped without a word.
 */
final class BpmnChecker {

    /** Element ids go into the generated BPMN's expressions as quoted literals, so they may hold no quote. */
    static final Pattern ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,99}");
    private static final Pattern EL = Pattern.compile("[$#]\\{");
    static final String PATH = "/bpmn";

    private BpmnChecker() {
    }

    /**
     * The one executable process of the model after adding every problem found; null when it holds what
     * Trellis does not run (nothing further can be checked then).
     */
    static Process check(BpmnModel model, String xml, List<Problem> problems) {
        int before = problems.size();
        List<Process> processes = model.getProcesses();
        if (processes.size() != 1) {
            problems.add(Problem.of("bpmn-process-count", PATH, "a flow holds exactly one process; this document has "
                    + processes.size()));
            return null;
        }
        Process process = processes.getFirst();
        listeners(process, process.getId(), problems);
        VendorMetadata.check(process, process.getId(), problems);
        if (!process.getDataObjects().isEmpty()) {
            problems.add(unsupported(process.getDataObjects().getFirst().getId(), "a data object",
                    "keep data on the record"));
        }
        if (!model.getMessages().isEmpty() || !model.getSignals().isEmpty()) {
            problems.add(Problem.of("element-unsupported", PATH, "messages and signals are not supported in approval flows"));
        }
        StartEvent start = null;
        for (FlowElement element : process.getFlowElements()) {
            String id = element.getId();
            if (id == null || !ID.matcher(id).matches() || id.contains("__") || id.startsWith("trellis_")) {
                problems.add(new Problem("element-id-invalid", PATH + "/" + id, "element id '" + id + "' must start with a "
                        + "letter or _, hold only letters, digits, _ . -, at most 100 characters, no '__' and no 'trellis_' "
                        + "prefix", Map.of("element", String.valueOf(id))));
                continue;
            }
            listeners(element, id, problems);
            VendorMetadata.check(element, id, problems);
            if (element instanceof Activity activity && activity.getLoopCharacteristics() != null) {
                problems.add(problem("multi-instance-forbidden", id, "element '" + id + "' is a multi-instance "
                        + "activity; set the approval mode in /steps/" + id + "/mode instead"));
            }
            switch (element) {
                case StartEvent s -> {
                    if (!s.getEventDefinitions().isEmpty()) {
                        problems.add(unsupported(id, "a start event with an event definition (timer, message, …)",
                                "use a none start event; the flow's trigger says when it starts"));
                    } else if (start != null) {
                        problems.add(problem("start-event-count", id, "a flow has one start event; '" + start.getId()
                                + "' is another"));
                    }
                    start = s;
                }
                case EndEvent e -> {
                    if (!e.getEventDefinitions().isEmpty()) {
                        problems.add(unsupported(id, "an end event with an event definition (terminate, error, …)",
                                "use a none end event"));
                    }
                }
                case UserTask t -> userTask(t, problems);
                case ServiceTask t -> {
                    if (t.getImplementation() != null || t.getType() != null || !t.getFieldExtensions().isEmpty()
                            || t.getResultVariableName() != null) {
                        problems.add(problem("service-implementation-forbidden", id, "service task '" + id + "' names "
                                + "an implementation (class, expression, delegate expression, a type such as an external "
                                + "task or HTTP call, field injection or a result variable); service steps are Trellis "
                                + "actions chosen by name in /services/" + id));
                    }
                }
                case ScriptTask t -> problems.add(problem("script-task-forbidden", id, "script task '" + id
                        + "' would run code inside the platform; use a service task with a Trellis action"));
                case ExclusiveGateway g -> {
                }
                case ParallelGateway g -> {
                }
                case SequenceFlow f -> sequenceFlow(f, process, problems);
                default -> problems.add(unsupported(id, "a " + kind(element), "approval flows use start and end events, "
                        + "user tasks, service tasks, exclusive and parallel gateways"));
            }
        }
        if (start == null) {
            problems.add(Problem.of("start-event-missing", PATH, "the process has no start event"));
        }
        juelAnywhere(xml, problems, before);
        if (problems.size() > before || start == null) {
            return null;
        }
        graph(process, start, problems);
        // a graph problem still leaves a process whose steps can be checked
        return process;
    }

    /**
     * A user task's people, form and due date, as a modeler writes them for its own engine (assignee, candidate
     * users and groups, form key and properties, due date, priority), are ignored: approvers and timeouts are
     * Trellis settings in /steps. Only what would be evaluated is refused: an expression in any of them, a skip
     * expression.
     */
    private static void userTask(UserTask t, List<Problem> problems) {
        String id = t.getId();
        List<String> values = new java.util.ArrayList<>(List.of(String.valueOf(t.getAssignee()),
                String.valueOf(t.getOwner()), String.valueOf(t.getFormKey()), String.valueOf(t.getDueDate()),
                String.valueOf(t.getPriority()), String.valueOf(t.getCategory())));
        values.addAll(t.getCandidateUsers());
        values.addAll(t.getCandidateGroups());
        t.getFormProperties().forEach(p -> values.add(p.getDefaultExpression() + " " + p.getExpression() + " "
                + p.getVariable()));
        if (values.stream().anyMatch(VendorMetadata::holdsExpression)) {
            problems.add(problem("expression-juel-forbidden", id, "user task '" + id + "' assigns people, a form or a "
                    + "due date with a JUEL/UEL expression, which could run Java code; approvers are set in /steps/"
                    + id + "/approvers and timeouts in /steps/" + id + "/timeout"));
        }
        if (t.getSkipExpression() != null) {
            problems.add(problem("attribute-unsupported", id, "user task '" + id + "' has a skip expression, which "
                    + "Trellis does not run"));
        }
    }

    private static void sequenceFlow(SequenceFlow flow, Process process, List<Problem> problems) {
        String id = flow.getId();
        if (flow.getSkipExpression() != null) {
            problems.add(problem("attribute-unsupported", id, "sequence flow '" + id + "' has a skip expression"));
        }
        String condition = flow.getConditionExpression();
        if (condition == null) {
            return;
        }
        if (EL.matcher(condition).find()) {
            problems.add(problem("expression-juel-forbidden", id, "sequence flow '" + id + "' has the JUEL/UEL "
                    + "condition " + abbreviate(condition) + ", which could run Java code; write a Trellis expression over "
                    + "the record instead, e.g. amount > partner.credit_limit"));
        } else if (!(process.getFlowElement(flow.getSourceRef()) instanceof ExclusiveGateway)) {
            problems.add(problem("condition-unsupported", id, "sequence flow '" + id + "' has a condition but does not "
                    + "leave an exclusive gateway; put the condition on a gateway's outgoing flow"));
        }
    }

    /** A last look at the text: any ${ or #{ not already reported by element is refused too. */
    private static void juelAnywhere(String xml, List<Problem> problems, int before) {
        boolean reported = problems.subList(before, problems.size()).stream()
                .anyMatch(p -> p.code().equals("expression-juel-forbidden"));
        Matcher matcher = EL.matcher(xml);
        if (!reported && matcher.find()) {
            int line = 1 + (int) xml.substring(0, matcher.start()).chars().filter(c -> c == '\n').count();
            problems.add(new Problem("expression-juel-forbidden", PATH, "line " + line + ": the document holds a JUEL/UEL "
                    + "expression (" + abbreviate(xml.substring(matcher.start())) + "); Trellis flows carry no expression "
                    + "language of the engine's: conditions are Trellis expressions, approvers and actions are settings",
                    Map.of("line", line)));
        }
    }

    private static void listeners(BaseElement element, String id, List<Problem> problems) {
        boolean listens = element instanceof HasExecutionListeners h && !h.getExecutionListeners().isEmpty()
                || element instanceof UserTask t && !t.getTaskListeners().isEmpty()
                || element instanceof Process p && !p.getEventListeners().isEmpty();
        if (listens) {
            problems.add(problem("listener-forbidden", id, "element '" + id + "' has listeners, which run Java code; "
                    + "Trellis flows act through steps, service actions and triggers"));
        }
    }

    private static void graph(Process process, StartEvent start, List<Problem> problems) {
        Set<String> reached = new HashSet<>();
        Deque<FlowNode> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            FlowNode node = queue.poll();
            if (reached.add(node.getId())) {
                node.getOutgoingFlows().forEach(f -> {
                    if (f.getTargetFlowElement() instanceof FlowNode next) {
                        queue.add(next);
                    }
                });
            }
        }
        for (FlowNode node : process.findFlowElementsOfType(FlowNode.class, false)) {
            String id = node.getId();
            if (!reached.contains(id)) {
                problems.add(problem("node-unreachable", id, kind(node) + " '" + id + "' cannot be reached from the start"));
            }
            if (!(node instanceof EndEvent) && node.getOutgoingFlows().isEmpty()) {
                problems.add(problem("node-dead-end", id, kind(node) + " '" + id + "' has no outgoing flow; connect it "
                        + "to an end event"));
            }
            if (node instanceof UserTask && node.getOutgoingFlows().size() > 1) {
                problems.add(problem("step-outgoing-count", id, "user task '" + id + "' has several outgoing flows; "
                        + "lead it into a gateway that decides"));
            }
            if (node instanceof ExclusiveGateway g && g.getOutgoingFlows().size() > 1) {
                if (g.getDefaultFlow() == null) {
                    problems.add(problem("gateway-default-missing", id, "exclusive gateway '" + id + "' has no default "
                            + "flow; mark the flow taken when no condition holds as default"));
                }
                for (SequenceFlow flow : g.getOutgoingFlows()) {
                    if (!flow.getId().equals(g.getDefaultFlow()) && flow.getConditionExpression() == null) {
                        problems.add(problem("condition-missing", flow.getId(), "sequence flow '" + flow.getId()
                                + "' leaves exclusive gateway '" + id + "' without a condition and is not its default"));
                    }
                }
            }
        }
    }

    static Problem problem(String code, String id, String message) {
        return new Problem(code, PATH + "/" + id, message, Map.of("element", id));
    }

    private static Problem unsupported(String id, String what, String hint) {
        return problem("element-unsupported", id, "element '" + id + "' is " + what + ", which Trellis does not "
                + "support; " + hint);
    }

    static String kind(FlowElement element) {
        String name = element.getClass().getSimpleName();
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static String abbreviate(String text) {
        String trimmed = text.strip();
        return "'" + (trimmed.length() > 60 ? trimmed.substring(0, 60) + "…" : trimmed) + "'";
    }
}
