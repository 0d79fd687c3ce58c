package dev.trellis.form.internal;

import dev.trellis.core.Problem;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.FieldType;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.metadata.spi.MetadataContext;
import dev.trellis.core.metadata.spi.MetadataKind;
import dev.trellis.core.metadata.spi.MetadataNames;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.form.FormDefinition;
import dev.trellis.form.FormElement;
import dev.trellis.rule.ExpressionScope;
import dev.trellis.rule.ExpressionService;
import dev.trellis.rule.ValueType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code form} kind. Checks the layout tree against the object: every field exists and is shown once,
 * its widget fits its type, containers hold what they may, a sub-table is of a detail object of this one,
 * every rule is an expression of the right type, and no field's visibility, requirement, read-only state or
 * default depends on itself through other fields.
 */
public final class FormKind implements MetadataKind<FormDefinition> {

    public static final String NAME = "form";

    private final ExpressionService expressions;

    public FormKind(ExpressionService expressions) {
        this.expressions = expressions;
    }

    @Override
    public String name() {
        return NAME;
    }


    @Override
    public Class<FormDefinition> type() {
        return FormDefinition.class;
    }

    @Override
    public String nameOf(FormDefinition definition) {
        return definition.name();
    }

    @Override
    public void validate(FormDefinition form, MetadataContext context, List<Problem> problems) {
        MetadataNames.check(form.name(), "/name", problems);
        ObjectDefinition object = context.object(form.object(), "/object", problems);
        if (object == null) {
            return;
        }
        checkRecordTypes(form, object, problems);
        Walk walk = new Walk(context, problems, scope(context, object));
        for (int i = 0; i < form.layout().size(); i++) {
            walk.element(form.layout().get(i), "/layout/" + i, null, false);
        }
        walk.cycles();
        for (int i = 0; i < form.rules().size(); i++) {
            FormDefinition.FormRule rule = form.rules().get(i);
            String path = "/rules/" + i;
            problems.addAll(expressions.check(walk.scope, rule.condition(), ValueType.BOOLEAN, path + "/condition"));
            if (rule.field() != null && object.findField(rule.field()).isEmpty()) {
                problems.add(Problem.of("field-unknown", path + "/field", "object " + object.name() + " has no field '"
                        + rule.field() + "'"));
            }
        }
    }

    private static void checkRecordTypes(FormDefinition form, ObjectDefinition object, List<Problem> problems) {
        if (form.recordTypeField() == null) {
            return;
        }
        FieldDefinition field = object.findField(form.recordTypeField()).orElse(null);
        if (field == null || field.type() != FieldType.PICKLIST) {
            problems.add(Problem.of("form-record-type-field-invalid", "/recordTypeField", "the record type is a picklist"
                    + " field of " + object.name() + (field == null ? "; there is no field '" + form.recordTypeField() + "'"
                    : "; " + field.name() + " is a " + field.type().jsonName() + " field")));
            return;
        }
        for (int i = 0; i < form.recordTypes().size(); i++) {
            if (!field.hasValue(form.recordTypes().get(i))) {
                problems.add(Problem.of("form-record-type-unknown", "/recordTypes/" + i, "'" + form.recordTypes().get(i)
                        + "' is not a value of " + field.name()));
            }
        }
    }

    private static ExpressionScope scope(MetadataContext context, ObjectDefinition object) {
        return new ExpressionScope(context.app(), object, context::findObject);
    }

    /** One pass over the tree, in the scope of the form's object or of a sub-table's object. */
    private final class Walk {
        private final MetadataContext context;
        private final List<Problem> problems;
        private final ExpressionScope scope;
        private final Set<String> placed = new HashSet<>();
        /** field → (the fields its rules read, the path of its element), for the cycle check */
        private final Map<String, Set<String>> reads = new LinkedHashMap<>();
        private final Map<String, String> pathOf = new HashMap<>();

        Walk(MetadataContext context, List<Problem> problems, ExpressionScope scope) {
            this.context = context;
            this.problems = problems;
            this.scope = scope;
        }

        void element(FormElement e, String path, String parentType, boolean inLines) {
            if (e == null || e.type() == null) {
                return; // the JSON Schema says what is missing
            }
            if (FormElement.TAB.equals(e.type()) != FormElement.TABS.equals(parentType)) {
                problems.add(Problem.of("form-element-misplaced", path + "/type", FormElement.TAB.equals(e.type())
                        ? "a tab belongs directly inside tabs" : "tabs hold only tab elements"));
            }
            if (inLines && !FormElement.FIELD.equals(e.type())) {
                problems.add(Problem.of("form-element-misplaced", path + "/type", "a sub-table's columns are fields"));
                return;
            }
            switch (e.type()) {
                case FormElement.FIELD -> field(e, path);
                case FormElement.LINES -> lines(e, path);
                case FormElement.TEXT -> {
                }
                default -> {
                    for (int i = 0; i < e.children().size(); i++) {
                        element(e.children().get(i), path + "/children/" + i, e.type(), false);
                    }
                }
            }
        }

        private void field(FormElement e, String path) {
            ObjectDefinition object = scope.object();
            FieldDefinition field = object.findField(e.field()).orElse(null);
            if (field == null && !ObjectTable.OWNER_ID.equals(e.field())) {
                problems.add(Problem.of("field-unknown", path + "/field", "object " + object.name()
                        + " has no field '" + e.field() + "'"));
                return;
            }
            if (!placed.add(e.field())) {
                problems.add(Problem.of("form-field-duplicate", path + "/field", "field " + e.field()
                        + " is already on the form"));
            }
            FieldType type = field == null ? FieldType.INTEGER : field.type();
            if (e.widget() != null && !(field == null ? Set.of("user", "readonly") : Widgets.allowedFor(type))
                    .contains(e.widget())) {
                problems.add(Problem.of("form-widget-invalid", path + "/widget", "a " + type.jsonName()
                        + " field is shown with one of " + Widgets.allowedFor(type).stream().sorted().toList()));
            }
            if ((e.maxSize() != null || !e.accept().isEmpty()) && !type.isFile()) {
                problems.add(Problem.of("form-attribute-not-applicable", path + (e.maxSize() != null ? "/maxSize" : "/accept"),
                        "only attachment and image fields take maxSize and accept"));
            }
            if (type == FieldType.IMAGE && e.accept().stream().anyMatch(t -> !t.startsWith("image/"))) {
                problems.add(Problem.of("form-accept-invalid", path + "/accept", "an image field takes only image types"));
            }
            Set<String> read = new HashSet<>();
            condition(e.visibleWhen(), ValueType.BOOLEAN, path + "/visibleWhen", read);
            condition(e.requiredWhen(), ValueType.BOOLEAN, path + "/requiredWhen", read);
            condition(e.readOnlyWhen(), ValueType.BOOLEAN, path + "/readOnlyWhen", read);
            if (e.defaultValue() != null && field != null && ValueType.of(type) != null) {
                condition(e.defaultValue(), ValueType.of(type), path + "/defaultValue", read);
            }
            if (!e.optionsWhen().isEmpty()) {
                boolean picklist = type == FieldType.PICKLIST || type == FieldType.MULTI_PICKLIST;
                e.optionsWhen().forEach((value, when) -> {
                    if (!picklist || !field.hasValue(value)) {
                        problems.add(Problem.of("form-option-unknown", path + "/optionsWhen/" + value, picklist
                                ? "'" + value + "' is not a value of " + field.name() : "only picklists have options"));
                    } else {
                        condition(when, ValueType.BOOLEAN, path + "/optionsWhen/" + value, read);
                    }
                });
            }
            reads.put(e.field(), read);
            pathOf.put(e.field(), path);
        }

        private void condition(String source, ValueType type, String path, Set<String> read) {
            if (source == null) {
                return;
            }
            List<Problem> found = expressions.check(scope, source, type, path);
            problems.addAll(found);
            if (found.isEmpty()) {
                expressions.compile(scope, source, type).paths().forEach(p -> read.add(p.getFirst()));
            }
        }

        private void lines(FormElement e, String path) {
            ObjectDefinition master = scope.object();
            ObjectDefinition detail = context.findObject(e.object()).orElse(null);
            if (detail == null) {
                problems.add(Problem.of("object-unknown", path + "/object", "app '" + context.app()
                        + "' has no object named '" + e.object() + "'"));
                return;
            }
            List<FieldDefinition> links = detail.fields().stream().filter(f -> f.type() == FieldType.MASTER_DETAIL
                    && master.name().equals(f.target()) && (e.via() == null || e.via().equals(f.name()))).toList();
            if (links.size() != 1) {
                problems.add(Problem.of("form-lines-not-detail", path + (e.via() == null ? "/object" : "/via"),
                        links.isEmpty() ? detail.name() + " is not a detail of " + master.name()
                                + " (it needs a master-detail field pointing at it)"
                                : detail.name() + " has several master-detail fields to " + master.name() + "; name one in via"));
                return;
            }
            Walk columns = new Walk(context, problems, scope(context, detail));
            columns.placed.add(links.getFirst().name()); // the link to the master is set by the form itself
            for (int i = 0; i < e.children().size(); i++) {
                columns.element(e.children().get(i), path + "/children/" + i, FormElement.LINES, true);
            }
            columns.cycles();
            for (int i = 0; i < e.totals().size(); i++) {
                FormElement.Total total = e.totals().get(i);
                FieldDefinition summed = detail.findField(total.field()).orElse(null);
                if (summed == null || !"count".equals(total.function()) && !summed.type().isNumeric()) {
                    problems.add(Problem.of("form-total-invalid", path + "/totals/" + i + "/field", summed == null
                            ? detail.name() + " has no field '" + total.field() + "'"
                            : total.function() + " needs a number field"));
                }
            }
        }

        /** No field's rules may depend on the field itself, directly or through other fields' rules. */
        void cycles() {
            Set<String> reported = new HashSet<>();
            for (String start : reads.keySet()) {
                List<String> cycle = cycleFrom(start, start, new ArrayList<>(List.of(start)), new HashSet<>());
                if (cycle != null && reported.add(String.join(",", cycle.stream().distinct().sorted().toList()))) {
                    problems.add(Problem.of("form-rule-cycle", pathOf.get(start), "the rules of " + start
                            + " depend on themselves: " + String.join(" → ", cycle)));
                }
            }
        }

        private List<String> cycleFrom(String start, String at, List<String> trail, Set<String> seen) {
            for (String next : reads.getOrDefault(at, Set.of())) {
                if (next.equals(start)) {
                    List<String> cycle = new ArrayList<>(trail);
                    cycle.add(start);
                    return cycle;
                }
                if (reads.containsKey(next) && seen.add(next)) {
                    trail.add(next);
                    List<String> found = cycleFrom(start, next, trail, seen);
                    if (found != null) {
                        return found;
                    }
                    trail.removeLast();
                }
            }
            return null;
        }
    }
}
