package dev.trellis.workflow.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.Problem;
import dev.trellis.core.access.RoleDefinition;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.FieldType;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.metadata.PicklistValue;
import dev.trellis.core.metadata.spi.MetadataContext;
import dev.trellis.core.metadata.spi.MetadataKind;
import dev.trellis.core.metadata.spi.MetadataNames;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.rule.ExpressionScope;
import dev.trellis.rule.ExpressionService;
import dev.trellis.rule.ValueType;
import dev.trellis.rule.routing.DecisionTableDefinition;
import dev.trellis.workflow.ApprovalStatus;
import dev.trellis.workflow.FlowDefinition;
import dev.trellis.workflow.FlowDefinition.Approvers;
import dev.trellis.workflow.FlowDefinition.Step;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.SequenceFlow;
import org.flowable.bpmn.model.ServiceTask;
import org.flowable.bpmn.model.UserTask;

/**
 * The {@code flow} kind: the object and its status field exist; the BPMN reads safely and holds only what
 * Trellis runs ({@link BpmnChecker}); every user task has approval settings with approvers that exist; every
 * condition and value is a Trellis expression that checks against the object. Problems point into the
 * document ({@code /steps/review/approvers/role}) or at a BPMN element ({@code /bpmn/Gateway_1}).
 */
public final class FlowKind implements MetadataKind<FlowDefinition> {

    public static final String NAME = "flow";
    static final Set<String> USER_SYSTEM_FIELDS = Set.of(ObjectTable.OWNER_ID, ObjectTable.CREATED_BY,
            ObjectTable.UPDATED_BY);

    private final ExpressionService expressions;

    public FlowKind(ExpressionService expressions) {
        this.expressions = expressions;
    }

    @Override
    public String name() {
        return NAME;
    }


    @Override
    public Class<FlowDefinition> type() {
        return FlowDefinition.class;
    }

    @Override
    public String nameOf(FlowDefinition definition) {
        return definition.name();
    }

    @Override
    public void validate(FlowDefinition flow, MetadataContext context, List<Problem> problems) {
        MetadataNames.check(flow.name(), "/name", problems);
        ObjectDefinition object = context.object(flow.object(), "/object", problems);
        if (object == null) {
            return;
        }
        ExpressionScope scope = new ExpressionScope(context.app(), object, context::findObject);
        statusField(flow, object, problems);
        if (flow.trigger().on() == FlowDefinition.Trigger.On.CONDITION) {
            if (flow.trigger().condition() == null) {
                problems.add(Problem.of("trigger-condition-missing", "/trigger/condition", "a flow that starts when a "
                        + "condition becomes true needs the condition"));
            } else {
                problems.addAll(expressions.check(scope, flow.trigger().condition(), ValueType.BOOLEAN,
                        "/trigger/condition"));
            }
        } else if (flow.trigger().condition() != null) {
            problems.add(Problem.of("trigger-condition-unused", "/trigger/condition", "only a flow with on=condition "
                    + "has a condition"));
        }
        values(flow.onApproved(), "/onApproved", flow, object, scope, problems);
        values(flow.onRejected(), "/onRejected", flow, object, scope, problems);
        for (int i = 0; i < flow.summaryFields().size(); i++) {
            field(object, flow.summaryFields().get(i), "/summaryFields/" + i, problems);
        }
        BpmnModel model = BpmnReader.read(flow.bpmn(), BpmnChecker.PATH, problems);
        Process process = model == null ? null : BpmnChecker.check(model, flow.bpmn(), problems);
        if (process == null) {
            return;
        }
        Map<String, UserTask> userTasks = process.findFlowElementsOfType(UserTask.class, false).stream()
                .collect(Collectors.toMap(UserTask::getId, t -> t));
        userTasks.keySet().stream().sorted().filter(id -> !flow.steps().containsKey(id)).forEach(id -> problems.add(
                BpmnChecker.problem("step-approvers-missing", id, "user task '" + id + "' has no approvers: add "
                        + "/steps/" + id + " with its approvers")));
        flow.steps().forEach((id, step) -> {
            if (!userTasks.containsKey(id)) {
                problems.add(Problem.of("step-unknown", "/steps/" + id, "the BPMN has no user task '" + id + "'"));
            } else {
                step(step, "/steps/" + id, flow, object, context, problems);
            }
        });
        Set<String> serviceTasks = process.findFlowElementsOfType(ServiceTask.class, false).stream()
                .map(ServiceTask::getId).collect(Collectors.toSet());
        serviceTasks.stream().sorted().filter(id -> !flow.services().containsKey(id)).forEach(id -> problems.add(
                BpmnChecker.problem("service-action-missing", id, "service task '" + id + "' does nothing: add "
                        + "/services/" + id + " with its action")));
        flow.services().forEach((id, service) -> {
            if (!serviceTasks.contains(id)) {
                problems.add(Problem.of("service-unknown", "/services/" + id, "the BPMN has no service task '" + id + "'"));
            } else {
                values(service.values(), "/services/" + id + "/values", flow, object, scope, problems);
            }
        });
        for (SequenceFlow sequenceFlow : process.findFlowElementsOfType(SequenceFlow.class, false)) {
            if (sequenceFlow.getConditionExpression() != null) {
                problems.addAll(expressions.check(scope, sequenceFlow.getConditionExpression().strip(), ValueType.BOOLEAN,
                        BpmnChecker.PATH + "/" + sequenceFlow.getId()));
            }
        }
        if (problems.isEmpty()) {
            FlowCompiler.verify(context.app(), flow, problems);
        }
    }

    private void statusField(FlowDefinition flow, ObjectDefinition object, List<Problem> problems) {
        FieldDefinition field = object.findField(flow.statusField()).orElse(null);
        if (field == null) {
            problems.add(Problem.of("field-unknown", "/statusField", "object " + object.name() + " has no field '"
                    + flow.statusField() + "'"));
            return;
        }
        List<String> statuses = Arrays.stream(ApprovalStatus.values()).map(ApprovalStatus::value).toList();
        if (field.type() == FieldType.PICKLIST) {
            Set<String> values = field.values().stream().map(PicklistValue::value).collect(Collectors.toSet());
            List<String> missing = statuses.stream().filter(s -> !values.contains(s)).toList();
            if (!missing.isEmpty()) {
                problems.add(Problem.of("status-field-values", "/statusField", "picklist " + field.name() + " lacks "
                        + "the approval statuses " + String.join(", ", missing)));
            }
        } else if (field.type() != FieldType.TEXT) {
            problems.add(Problem.of("status-field-type", "/statusField", "field " + field.name() + " is a "
                    + field.type().jsonName() + "; the approval status is a picklist (" + String.join(", ", statuses)
                    + ") or text field"));
        } else if (field.computed()) {
            problems.add(Problem.of("status-field-computed", "/statusField", "field " + field.name() + " is computed"));
        }
    }

    private void step(Step step, String path, FlowDefinition flow, ObjectDefinition object, MetadataContext context,
            List<Problem> problems) {
        approvers(step.approvers(), path + "/approvers", object, context, problems);
        if (step.mode() == FlowDefinition.Mode.PERCENTAGE && step.percentage() == null) {
            problems.add(Problem.of("percentage-missing", path + "/percentage", "mode percentage needs the share of "
                    + "approvals (1–100) that approves the step"));
        } else if (step.mode() != FlowDefinition.Mode.PERCENTAGE && step.percentage() != null) {
            problems.add(Problem.of("percentage-unused", path + "/percentage", "only mode percentage takes a percentage"));
        }
        for (int i = 0; i < step.editableFields().size(); i++) {
            String name = step.editableFields().get(i);
            FieldDefinition field = field(object, name, path + "/editableFields/" + i, problems);
            if (field != null && (field.computed() || name.equals(flow.statusField()))) {
                problems.add(Problem.of("field-not-editable", path + "/editableFields/" + i, "field " + name
                        + (field.computed() ? " is computed" : " is the approval status, which the flow sets")));
            }
        }
        if (step.timeout() != null) {
            String timeoutPath = path + "/timeout";
            try {
                Duration after = Duration.parse(step.timeout().after());
                if (after.isNegative() || after.isZero()) {
                    problems.add(Problem.of("timeout-invalid", timeoutPath + "/after", "a timeout is a positive duration"));
                }
            } catch (DateTimeParseException e) {
                problems.add(Problem.of("timeout-invalid", timeoutPath + "/after", "'" + step.timeout().after()
                        + "' is not an ISO-8601 duration such as PT4H or P2D"));
            }
            boolean escalate = step.timeout().action() == FlowDefinition.Timeout.TimeoutAction.ESCALATE;
            if (escalate && step.timeout().escalateTo() == null) {
                problems.add(Problem.of("escalation-missing", timeoutPath + "/escalateTo", "an escalation needs whom "
                        + "to escalate to"));
            } else if (escalate) {
                approvers(step.timeout().escalateTo(), timeoutPath + "/escalateTo", object, context, problems);
            }
        }
    }

    private static void approvers(Approvers approvers, String path, ObjectDefinition object, MetadataContext context,
            List<Problem> problems) {
        if (approvers.role() != null && !approvers.role().equals(Actor.ADMIN_ROLE)
                && context.find("role", approvers.role(), RoleDefinition.class).isEmpty()) {
            problems.add(Problem.of("role-unknown", path + "/role", "app '" + context.app() + "' has no role '"
                    + approvers.role() + "'"));
        }
        if (approvers.field() != null && !USER_SYSTEM_FIELDS.contains(approvers.field())) {
            FieldDefinition field = field(object, approvers.field(), path + "/field", problems);
            if (field != null && field.type() != FieldType.INTEGER) {
                problems.add(Problem.of("field-not-user", path + "/field", "field " + field.name() + " is a "
                        + field.type().jsonName() + "; an approver field holds a user's id (an integer field, or owner_id, "
                        + "created_by, updated_by)"));
            }
        }
        if (approvers.decisionTable() != null) {
            DecisionTableDefinition table = context.find("decision_table", approvers.decisionTable(),
                    DecisionTableDefinition.class).orElse(null);
            if (table == null) {
                problems.add(Problem.of("decision-table-unknown", path + "/decisionTable", "app '" + context.app()
                        + "' has no decision table '" + approvers.decisionTable() + "'"));
            } else if (!table.object().equals(object.name())) {
                problems.add(Problem.of("decision-table-object", path + "/decisionTable", "decision table "
                        + table.name() + " decides for " + table.object() + ", not " + object.name()));
            }
        }
    }

    private void values(Map<String, String> values, String path, FlowDefinition flow, ObjectDefinition object,
            ExpressionScope scope, List<Problem> problems) {
        values.forEach((name, source) -> {
            FieldDefinition field = field(object, name, path + "/" + name, problems);
            if (field == null) {
                return;
            }
            if (field.computed() || name.equals(flow.statusField())) {
                problems.add(Problem.of("field-not-settable", path + "/" + name, "field " + name
                        + (field.computed() ? " is computed" : " is the approval status, which the flow sets")));
            } else {
                problems.addAll(expressions.check(scope, source, ValueType.of(field.type()), path + "/" + name));
            }
        });
    }

    private static FieldDefinition field(ObjectDefinition object, String name, String path, List<Problem> problems) {
        FieldDefinition field = object.findField(name).orElse(null);
        if (field == null) {
            problems.add(Problem.of("field-unknown", path, "object " + object.name() + " has no field '" + name + "'"));
        }
        return field;
    }
}
