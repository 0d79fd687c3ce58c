package dev.trellis.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An approval flow: the BPMN 2.0 XML an analyst drew (in the studio or any BPMN modeler) and the Trellis
 * settings of its steps, by BPMN element id. Conditions on the sequence flows after an exclusive gateway are
 * Trellis expressions over the record, written as the flow's {@code conditionExpression} text. The flow runs
 * for records of {@code object}, whose {@code statusField} carries the approval status.
 */
public record FlowDefinition(String name, Map<String, String> label, String description, String object,
        String statusField, Trigger trigger, String bpmn, Map<String, Step> steps, Map<String, Service> services,
        Map<String, String> onApproved, Map<String, String> onRejected, List<String> summaryFields) {

    public FlowDefinition {
        label = label == null ? Map.of() : Map.copyOf(label);
        steps = ordered(steps);
        services = ordered(services);
        onApproved = ordered(onApproved);
        onRejected = ordered(onRejected);
        summaryFields = summaryFields == null ? List.of() : List.copyOf(summaryFields);
    }

    /** When the flow starts: when the record is submitted, created, or when {@code condition} becomes true. */
    public record Trigger(On on, String condition) {

        /** The three ways a flow starts. */
        public enum On {
            @JsonProperty("submit") SUBMIT,
            @JsonProperty("create") CREATE,
            @JsonProperty("condition") CONDITION
        }
    }

    /**
     * The approval settings of a user task: who approves, how their decisions combine, which fields of the
     * record the approvers may still change while it is locked, and what happens when nobody acts in time.
     */
    public record Step(Approvers approvers, Mode mode, Integer percentage, List<String> editableFields,
            Timeout timeout) {

        public Step {
            mode = mode == null ? Mode.OR_SIGN : mode;
            editableFields = editableFields == null ? List.of() : List.copyOf(editableFields);
        }
    }

    /**
     * How the approvers' decisions combine: one after another ({@code sequential}, any rejection rejects), all
     * at once where everyone must approve ({@code countersign}, 会签), the first to act decides
     * ({@code or_sign}, 或签), or a share of approvals ({@code percentage}).
     */
    public enum Mode {
        @JsonProperty("sequential") SEQUENTIAL,
        @JsonProperty("countersign") COUNTERSIGN,
        @JsonProperty("or_sign") OR_SIGN,
        @JsonProperty("percentage") PERCENTAGE
    }

    /**
     * Exactly one source of approvers: named users (ids), the holders of a role, the members of a department
     * (by code), the submitter's manager {@code manager} levels up the department tree, the user whose id a
     * field of the record holds, or the assignee a routing decision table gives for the record.
     */
    public record Approvers(List<Long> users, String role, String department, Integer manager, String field,
            String decisionTable) {

        public Approvers {
            users = users == null ? null : List.copyOf(users);
        }
    }

    /**
     * After {@code after} (ISO-8601 duration) without a decision: remind the approvers, escalate to
     * {@code escalateTo}, or decide automatically (approve or reject).
     */
    public record Timeout(String after, TimeoutAction action, Approvers escalateTo) {

        /** What a timeout does. */
        public enum TimeoutAction {
            @JsonProperty("remind") REMIND,
            @JsonProperty("escalate") ESCALATE,
            @JsonProperty("approve") APPROVE,
            @JsonProperty("reject") REJECT
        }
    }

    /** A service task: a Trellis action chosen by name ({@code set_fields}: field → expression). */
    public record Service(String action, Map<String, String> values) {

        public Service {
            values = ordered(values);
        }
    }

    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
