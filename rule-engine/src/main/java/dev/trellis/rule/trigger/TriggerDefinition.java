package dev.trellis.rule.trigger;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.trellis.core.record.RecordAction;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A trigger: when a record of {@code object} is created, updated or deleted ({@code events}) and
 * {@code condition} holds (no condition: always), its {@code actions} run in order, inside the write's
 * transaction. Every value an action computes is an expression over the record. Triggers of one object run
 * by {@code order}, then name. In force from {@code validFrom} up to, not including, {@code validTo}.
 */
public record TriggerDefinition(String name, Map<String, String> label, String description, String object,
        List<RecordAction> events, String condition, Integer order, Boolean active, LocalDate validFrom,
        LocalDate validTo, List<Action> actions, List<Example> examples) {

    public TriggerDefinition {
        label = label == null ? Map.of() : Map.copyOf(label);
        events = events == null ? List.of() : List.copyOf(events);
        order = order == null ? 0 : order;
        active = active == null || active;
        actions = actions == null ? List.of() : List.copyOf(actions);
        examples = examples == null ? List.of() : List.copyOf(examples);
    }

    public boolean inForce(LocalDate day) {
        return active && (validFrom == null || !day.isBefore(validFrom)) && (validTo == null || day.isBefore(validTo));
    }

    /** One step of a trigger; the JSON names it by {@code type}. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = SetFields.class, name = SetFields.TYPE),
            @JsonSubTypes.Type(value = CreateRecord.class, name = CreateRecord.TYPE),
            @JsonSubTypes.Type(value = Notify.class, name = Notify.TYPE),
            @JsonSubTypes.Type(value = Webhook.class, name = Webhook.TYPE),
            @JsonSubTypes.Type(value = StartFlow.class, name = StartFlow.TYPE)})
    public sealed interface Action {

        /** The action's {@code type} in JSON. */
        String type();
    }

    /** Sets fields of the record itself (field → expression), through the record service. */
    public record SetFields(Map<String, String> values) implements Action {
        public static final String TYPE = "set_fields";

        public SetFields {
            values = ordered(values);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Creates a record of {@code object} with field values computed from the triggering record. */
    public record CreateRecord(String object, Map<String, String> values) implements Action {
        public static final String TYPE = "create_record";

        public CreateRecord {
            values = ordered(values);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** An in-app notification to each recipient; {@code title} and {@code body} are text expressions. */
    public record Notify(List<Recipient> recipients, String title, String body) implements Action {
        public static final String TYPE = "notify";

        public Notify {
            recipients = recipients == null ? List.of() : List.copyOf(recipients);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * Who is notified: exactly one of the record's owner, the user whose id a field of the record holds,
     * or every enabled user holding a role.
     */
    public record Recipient(Boolean owner, String field, String role) {
    }

    /**
     * Calls {@code url} after the write commits with the record as JSON (only {@code fields} when given),
     * signed with the webhook secret named {@code secret}.
     */
    public record Webhook(String url, String secret, List<String> fields) implements Action {
        public static final String TYPE = "webhook";

        public Webhook {
            fields = fields == null ? null : List.copyOf(fields);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * Asks for the flow {@code flow} to start for the record, with variables computed by expressions: a
     * {@code flow.start} event in the outbox, which the workflow engine consumes after the write commits.
     */
    public record StartFlow(String flow, Map<String, String> variables) implements Action {
        public static final String TYPE = "start_flow";

        public StartFlow {
            variables = ordered(variables);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * A sample write checked on every save: for {@code event} (the trigger's first event when not given)
     * on {@code record} (and {@code prior}, the values before an update), whether the trigger fires and,
     * when it does, the values its set-fields actions give ({@code sets}, field → expected value).
     */
    public record Example(RecordAction event, JsonNode record, JsonNode prior, boolean fires, Map<String, JsonNode> sets) {

        public Example {
            sets = sets == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(sets));
        }
    }

    private static Map<String, String> ordered(Map<String, String> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
