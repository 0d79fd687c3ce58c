package dev.trellis.form.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.Problem;
import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.FieldType;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.core.storage.ValueConverter;
import dev.trellis.form.internal.CompiledForm.CompiledField;
import dev.trellis.rule.EvaluationException;
import dev.trellis.rule.Expression;
import dev.trellis.rule.ExpressionScope;
import dev.trellis.rule.ExpressionService;
import dev.trellis.rule.MapRecordContext;
import dev.trellis.rule.RecordContext;
import dev.trellis.rule.ValueType;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One record of a submission — the header or one line — checked field by field against the compiled form.
 * {@link #read} converts the submitted values (unknown, extra, hidden, read-only fields and wrong types are
 * problems); the caller then computes what depends on other records; {@link #checkRules} evaluates the
 * form's per-field rules on the record as it would be saved. A value equal to the stored one is no change:
 * a form that sends back what it showed is not refused for its read-only fields.
 */
final class SubmittedRecord {

    private final String path;
    private final String label;
    private final ObjectTable table;
    private final Map<String, CompiledField> fields;
    private final Map<String, Object> stored;
    private final Map<String, Object> state;
    private final ObjectNode write = Json.object();
    private final Set<String> given = new HashSet<>();
    private final Set<String> defaulted = new HashSet<>();
    private final FileCheck files;

    /** Judges a file a field is set to: the problem (its path left empty), or null when the field may take it. */
    interface FileCheck {
        Problem check(String object, String field, AttachmentLimits limits, long file, Long recordId);
    }

    /**
     * @param path   the JSON path of the record's values in the submission ({@code /values}, {@code /lines/order_line/3})
     * @param label  how messages name a line ({@code order_line[3]}); null for the header
     * @param stored the record as stored (an update), or null (a create)
     */
    SubmittedRecord(String path, String label, ObjectTable table, Map<String, CompiledField> fields,
            Map<String, Object> stored, FileCheck files) {
        this.files = files;
        this.path = path;
        this.label = label;
        this.table = table;
        this.fields = fields;
        this.stored = stored;
        this.state = stored == null ? new LinkedHashMap<>() : new LinkedHashMap<>(stored);
    }

    /** The record as it would be saved, typed as the record service returns records. */
    Map<String, Object> state() {
        return state;
    }

    /** The values to send to the record service: every given value on a create, the changed ones on an update. */
    ObjectNode write() {
        return write;
    }

    Map<String, Object> stored() {
        return stored;
    }

    String path() {
        return path;
    }

    Problem problem(String code, String field, String message) {
        return Problem.of(code, field == null ? path : path + "/" + field, prefix(field) + message);
    }

    private String prefix(String field) {
        if (label == null) {
            return field == null ? "" : field + ": ";
        }
        return label + (field == null ? "" : "." + field) + ": ";
    }

    /** Converts the submitted values; {@code skip} names properties the caller deals with (a line's id). */
    void read(JsonNode values, Set<String> skip, List<Problem> problems) {
        if (values == null || !values.isObject()) {
            problems.add(problem("record-invalid", null, "the values are a JSON object of field values"));
            return;
        }
        for (Map.Entry<String, JsonNode> entry : values.properties()) {
            String name = entry.getKey();
            if (skip.contains(name) || CompiledForm.IGNORED.contains(name)) {
                continue;
            }
            ObjectTable.Column column = table.columnOrNull(name);
            CompiledField field = fields.get(name);
            if (column == null) {
                problems.add(problem("field-unknown", name, "object " + table.name() + " has no field '" + name + "'"));
            } else if (field == null) {
                problems.add(problem("form-field-extra", name, "field " + name + " is not on the form"));
            } else if (field.hidden()) {
                problems.add(problem("field-forbidden", name, "you may not see field " + name + " of " + table.name()));
            } else {
                read(field, entry.getValue(), problems);
            }
        }
        if (stored == null) {
            for (ObjectTable.Column column : table.dataColumns()) {
                FieldDefinition field = column.definition();
                if (!given.contains(field.name()) && field.defaultValue() != null) {
                    Object value = ValueConverter.toColumn(field, field.defaultValue(), "", new java.util.ArrayList<>());
                    state.put(field.name(), ValueConverter.fromColumn(value));
                }
            }
        }
    }

    private void read(CompiledField field, JsonNode value, List<Problem> problems) {
        FieldDefinition definition = field.definition();
        String name = definition.name();
        int before = problems.size();
        Object converted = ValueConverter.fromColumn(ValueConverter.toColumn(definition, value, path + "/" + name, problems));
        if (problems.size() > before) {
            for (int i = before; i < problems.size(); i++) {
                Problem p = problems.get(i);
                problems.set(i, new Problem(p.code(), p.path(), prefix(name) + p.message(), p.args()));
            }
            return;
        }
        if (stored == null ? converted == null : same(stored.get(name), converted)) {
            return; // not a change
        }
        if (!field.settable()) {
            problems.add(problem("field-read-only", name, readOnlyReason(field)));
            return;
        }
        if (field.limits() != null && converted instanceof Number file) {
            Problem refused = files.check(table.name(), name, field.limits(), file.longValue(),
                    stored == null ? null : (Long) stored.get(ObjectTable.ID));
            if (refused != null) {
                problems.add(new Problem(refused.code(), path + "/" + name, prefix(name) + refused.message(),
                        refused.args()));
                return;
            }
        }
        write.set(name, value);
        given.add(name);
        state.put(name, converted);
    }

    private String readOnlyReason(CompiledField field) {
        FieldDefinition f = field.definition();
        if (f.computed()) {
            return f.name() + " is computed (" + (f.formula() != null ? "a formula" : "a roll-up") + ") on the server";
        }
        if (f.type() == FieldType.AUTO_NUMBER) {
            return f.name() + " is numbered automatically";
        }
        if (table.getColumn(f.name()).system()) {
            return f.name() + " is set by the system";
        }
        return "you may not set field " + f.name() + " of " + table.name();
    }

    /** A value the form itself gives a new record (its one record type) when the submission leaves it blank. */
    void setByForm(String field, String value) {
        if (stored == null && blank(state.get(field))) {
            write.put(field, value);
            state.put(field, value);
        }
    }

    /** On a create, the form's default values of the settable fields the submission left out. */
    void applyDefaults(RecordContext context, List<Problem> problems) {
        if (stored != null) {
            return;
        }
        for (CompiledField field : fields.values()) {
            String name = field.definition().name();
            if (field.defaultValue() == null || given.contains(name) || !field.settable()) {
                continue;
            }
            Object value = evaluate(field.defaultValue(), context, name, problems);
            if (value == null) {
                continue;
            }
            JsonNode json = Json.tree(value);
            int before = problems.size();
            Object converted = ValueConverter.toColumn(field.definition(), json, path + "/" + name, problems);
            if (problems.size() == before) {
                write.set(name, json);
                defaulted.add(name);
                state.put(name, ValueConverter.fromColumn(converted));
            }
        }
    }

    /** Computes the object's formulas into the record, as the record service will when it writes it. */
    void compute(List<FieldDefinition> formulas, ExpressionService expressions, PublishedApp app, RecordContext context,
            List<Problem> problems) {
        for (FieldDefinition field : formulas) {
            try {
                state.put(field.name(), expressions.compiled(app, table.name(), field.formula(),
                        ValueType.of(field.type())).evaluate(context));
            } catch (EvaluationException e) {
                problems.add(problem("formula-failed", field.name(), "formula " + field.name() + ": "
                        + e.problems().getFirst().message()));
            }
        }
    }

    /**
     * Visible-when, read-only-when, required and required-when, options offered when: evaluated on the record
     * as it would be saved. A field the viewer cannot see is not required of them (the record service still
     * refuses a record without a required value).
     */
    void checkRules(RecordContext context, List<Problem> problems) {
        for (CompiledField field : fields.values()) {
            String name = field.definition().name();
            if (field.hidden()) {
                continue;
            }
            boolean visible = field.visibleWhen() == null || isTrue(field.visibleWhen(), context, name, problems);
            boolean changed = given.contains(name);
            if (!visible && defaulted.contains(name)) {
                write.remove(name); // a field the form does not show gets no default from it
            }
            if (!visible && changed && !blank(state.get(name))) {
                problems.add(problem("form-field-not-visible", name, "field " + name
                        + " is not shown on the form now (" + field.element().visibleWhen() + " is false); leave it out"));
                continue;
            }
            if (changed && field.readOnlyWhen() != null && isTrue(field.readOnlyWhen(), context, name, problems)) {
                problems.add(problem("form-field-read-only", name, "field " + name + " is read-only now ("
                        + field.element().readOnlyWhen() + ")"));
                continue;
            }
            boolean required = field.definition().required()
                    || field.requiredWhen() != null && isTrue(field.requiredWhen(), context, name, problems);
            if (visible && required && blank(state.get(name)) && field.settable() && !hasProblemAt(problems, name)) {
                problems.add(problem("value-required", name, name + " is required"));
            }
            if (changed && !field.optionsWhen().isEmpty()) {
                checkOptions(field, context, problems);
            }
        }
    }

    /** Required fields of the object the form does not show, on a create: the record service would refuse them. */
    void requireUnshown(Set<String> setByForm, List<Problem> problems) {
        if (stored != null) {
            return;
        }
        for (ObjectTable.Column column : table.dataColumns()) {
            FieldDefinition f = column.definition();
            if (f.required() && !fields.containsKey(f.name()) && !setByForm.contains(f.name()) && !f.computed()
                    && f.type() != FieldType.AUTO_NUMBER && blank(state.get(f.name()))) {
                problems.add(problem("value-required", f.name(), f.name() + " is required, and the form does not show it"));
            }
        }
    }

    private void checkOptions(CompiledField field, RecordContext context, List<Problem> problems) {
        String name = field.definition().name();
        Object value = state.get(name);
        Collection<?> chosen = value instanceof Collection<?> c ? c : value == null ? List.of() : List.of(value);
        for (Object option : chosen) {
            Expression when = field.optionsWhen().get(String.valueOf(option));
            if (when != null && !isTrue(when, context, name, problems)) {
                problems.add(problem("form-option-unavailable", name, "'" + option + "' is not offered now ("
                        + field.element().optionsWhen().get(String.valueOf(option)) + " is false)"));
            }
        }
    }

    private boolean isTrue(Expression condition, RecordContext context, String field, List<Problem> problems) {
        return Boolean.TRUE.equals(evaluate(condition, context, field, problems));
    }

    private Object evaluate(Expression expression, RecordContext context, String field, List<Problem> problems) {
        try {
            return expression.evaluate(context);
        } catch (EvaluationException e) {
            problems.add(problem("form-rule-error", field, e.problems().getFirst().message()));
            return null;
        }
    }

    private boolean hasProblemAt(List<Problem> problems, String field) {
        String at = path + "/" + field;
        return problems.stream().anyMatch(p -> p.path().equals(at));
    }

    /** A context to evaluate expressions on this record as it would be saved. */
    RecordContext context(PublishedApp app, Actor actor, BiFunction<String, Long, Map<String, Object>> related) {
        return new MapRecordContext(ExpressionScope.of(app, table.name()), state, stored, actor, related);
    }

    static boolean blank(Object value) {
        return value == null || value instanceof String s && s.isEmpty() || value instanceof Collection<?> c && c.isEmpty();
    }

    static boolean same(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        if (a instanceof OffsetDateTime x && b instanceof OffsetDateTime y) {
            return x.isEqual(y);
        }
        return Objects.equals(a, b);
    }
}
