package dev.trellis.form.internal;

import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.FieldType;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.record.Permissions;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.form.FormDefinition;
import dev.trellis.form.FormElement;
import dev.trellis.form.internal.CompiledForm.CompiledField;
import dev.trellis.form.internal.CompiledForm.CompiledLines;
import dev.trellis.form.internal.CompiledForm.CompiledRule;
import dev.trellis.form.internal.CompiledForm.LineRollup;
import dev.trellis.rule.Expression;
import dev.trellis.rule.ExpressionService;
import dev.trellis.rule.ValidationRuleDefinition;
import dev.trellis.rule.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Compiles a form with its object's metadata and the viewer's permissions into a {@link CompiledForm}:
 * every rule becomes an expression compiled by the rule engine (memoised per generation there too), every
 * field learns whether this viewer may see and set it. The form was validated when it was saved, so a
 * published form compiles without problems.
 */
final class FormCompiler {

    private final ExpressionService expressions;

    FormCompiler(ExpressionService expressions) {
        this.expressions = expressions;
    }

    /** The sub-tables' detail objects of a form, in layout order: what its permission scope is made of. */
    static List<String> subTables(FormDefinition form) {
        return elements(form.layout()).filter(e -> FormElement.LINES.equals(e.type())).map(FormElement::object)
                .distinct().toList();
    }

    private static Stream<FormElement> elements(List<FormElement> layout) {
        return layout.stream().flatMap(e -> FormElement.LINES.equals(e.type()) ? Stream.of(e)
                : Stream.concat(Stream.of(e), elements(e.children())));
    }

    CompiledForm compile(PublishedApp app, FormDefinition form, CompiledForm.Key scope) {
        ObjectDefinition object = app.getObject(form.object());
        ObjectTable table = new ObjectTable(app.name(), object);
        Map<String, CompiledField> fields = new LinkedHashMap<>();
        Map<String, CompiledLines> lines = new LinkedHashMap<>();
        elements(form.layout()).forEach(e -> {
            if (FormElement.FIELD.equals(e.type())) {
                fields.put(e.field(), field(app, table, e, scope.permissions(), scope.partner()));
            } else if (FormElement.LINES.equals(e.type())) {
                lines.put(e.object(), lines(app, object, e, scope));
            }
        });
        List<CompiledRule> rules = form.rules().stream().map(r -> new CompiledRule(r,
                expressions.compiled(app, object.name(), r.condition(), ValueType.BOOLEAN))).toList();
        List<LineRollup> rollups = object.fields().stream().filter(f -> f.rollup() != null && f.rollup().filter() == null)
                .filter(f -> lines.containsKey(f.rollup().object())
                        && lines.get(f.rollup().object()).via().equals(f.rollup().via()))
                .map(f -> new LineRollup(f, f.rollup())).toList();
        return new CompiledForm(form, object, scope.permissions(), Map.copyOf(fields), lines, rules, formulas(object),
                rollups);
    }

    private static List<FieldDefinition> formulas(ObjectDefinition object) {
        return object.fields().stream().filter(f -> f.formula() != null).toList();
    }

    private CompiledField field(PublishedApp app, ObjectTable table, FormElement e, Permissions permissions,
            boolean partner) {
        ObjectTable.Column column = table.getColumn(e.field());
        FieldDefinition field = column.definition();
        boolean systemSet = column.system() && !(ObjectTable.OWNER_ID.equals(field.name()) && !partner);
        boolean settable = permissions.canSet(field.name()) && !field.computed()
                && field.type() != FieldType.AUTO_NUMBER && !systemSet;
        Map<String, Expression> options = new LinkedHashMap<>();
        e.optionsWhen().forEach((value, when) -> options.put(value, condition(app, table, when)));
        ValueType type = ValueType.of(field.type());
        Expression defaultValue = e.defaultValue() == null || type == null ? null
                : expressions.compiled(app, table.name(), e.defaultValue(), type);
        return new CompiledField(field, e, !permissions.canSee(field.name()), settable,
                condition(app, table, e.visibleWhen()), condition(app, table, e.requiredWhen()),
                condition(app, table, e.readOnlyWhen()), defaultValue, Map.copyOf(options),
                field.type().isFile() ? AttachmentLimits.of(field.type(), e) : null);
    }

    private Expression condition(PublishedApp app, ObjectTable table, String source) {
        return source == null ? null : expressions.compiled(app, table.name(), source, ValueType.BOOLEAN);
    }

    private CompiledLines lines(PublishedApp app, ObjectDefinition master, FormElement e, CompiledForm.Key scope) {
        ObjectDefinition detail = app.getObject(e.object());
        ObjectTable table = new ObjectTable(app.name(), detail);
        String via = e.via() != null ? e.via() : detail.fields().stream()
                .filter(f -> f.type() == FieldType.MASTER_DETAIL && master.name().equals(f.target()))
                .findFirst().orElseThrow().name();
        Permissions permissions = scope.lines().get(detail.name());
        Map<String, CompiledField> columns = new LinkedHashMap<>();
        for (FormElement column : e.children()) {
            columns.put(column.field(), field(app, table, column, permissions, scope.partner()));
        }
        int maxLines = e.maxLines() == null ? CompiledForm.DEFAULT_MAX_LINES : e.maxLines();
        return new CompiledLines(detail.name(), detail, via, maxLines, Map.copyOf(columns), e.totals(),
                formulas(detail), permissions, !readsMaster(app, detail, via));
    }

    /**
     * Whether a formula or validation rule of the detail object reads a field of its master record. The bulk
     * create reads related records on a connection of its own, which cannot see a master created in the same
     * transaction; such lines are created one by one instead.
     */
    private boolean readsMaster(PublishedApp app, ObjectDefinition detail, String via) {
        List<String> sources = new ArrayList<>();
        formulas(detail).forEach(f -> sources.add(f.formula()));
        List<ValueType> types = new ArrayList<>();
        formulas(detail).forEach(f -> types.add(ValueType.of(f.type())));
        app.all("validation_rule", ValidationRuleDefinition.class).values().stream()
                .filter(r -> r.object().equals(detail.name())).forEach(r -> {
                    sources.add(r.condition());
                    types.add(ValueType.BOOLEAN);
                });
        for (int i = 0; i < sources.size(); i++) {
            for (List<String> path : expressions.compiled(app, detail.name(), sources.get(i), types.get(i)).paths()) {
                if (path.size() > 1 && path.getFirst().equals(via)) {
                    return true;
                }
            }
        }
        return false;
    }
}
