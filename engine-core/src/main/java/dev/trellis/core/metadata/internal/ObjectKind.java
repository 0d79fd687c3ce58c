package dev.trellis.core.metadata.internal;

import dev.trellis.core.Problem;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.FieldType;
import dev.trellis.core.metadata.IndexDefinition;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.metadata.RollupDefinition;
import dev.trellis.core.metadata.SharingDefinition;
import dev.trellis.core.metadata.SharingModel;
import dev.trellis.core.metadata.SharingRule;
import dev.trellis.core.record.Filter;
import dev.trellis.core.record.internal.FilterCompiler;
import org.jooq.Field;
import org.jooq.impl.DSL;
import dev.trellis.core.metadata.spi.MetadataContext;
import dev.trellis.core.metadata.spi.ObjectCheck;
import dev.trellis.core.metadata.spi.MetadataKind;
import dev.trellis.core.storage.AutoNumberPattern;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.core.storage.ValueConverter;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code object} kind: fields, their type-specific attributes, lookups and indexes. */
public final class ObjectKind implements MetadataKind<ObjectDefinition> {

    private final List<ObjectCheck> checks;

    public ObjectKind(List<ObjectCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    public static final String NAME = "object";

    private static final Set<FieldType> NOT_UNIQUE =
            Set.of(FieldType.LONG_TEXT, FieldType.JSON, FieldType.MULTI_PICKLIST, FieldType.BOOLEAN);
    private static final Set<FieldType> NO_DEFAULT =
            Set.of(FieldType.AUTO_NUMBER, FieldType.LOOKUP, FieldType.MASTER_DETAIL, FieldType.ATTACHMENT, FieldType.IMAGE);

    @Override
    public String name() {
        return NAME;
    }


    @Override
    public Class<ObjectDefinition> type() {
        return ObjectDefinition.class;
    }

    @Override
    public String nameOf(ObjectDefinition definition) {
        return definition.name();
    }

    @Override
    public void validate(ObjectDefinition object, MetadataContext context, List<Problem> problems) {
        Identifiers.check(object.name(), "/name", problems);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < object.fields().size(); i++) {
            FieldDefinition field = object.fields().get(i);
            String path = "/fields/" + i;
            if (field == null || field.type() == null) {
                continue; // the JSON Schema problems already say what is missing
            }
            Identifiers.checkField(field.name(), path + "/name", problems);
            if (field.name() != null && !names.add(field.name())) {
                problems.add(new Problem("field-duplicate", path + "/name",
                        "another field is already named '" + field.name() + "'", Map.of("name", field.name())));
            }
            validateField(object, field, path, context, problems);
        }
        if (object.nameField() != null) {
            object.findField(object.nameField()).ifPresentOrElse(f -> {
                if (!f.type().isTextual()) {
                    problems.add(Problem.of("name-field-type", "/nameField",
                            "the name field must be a text-like field; '" + f.name() + "' is " + f.type().jsonName()));
                }
            }, () -> problems.add(Problem.of("name-field-unknown", "/nameField",
                    "no field named '" + object.nameField() + "'")));
        }
        validateIndexes(object, problems);
        validateSharing(object, context, problems);
        validateComputed(object, context, problems);
        checks.forEach(check -> check.validate(object, context, problems));
    }

    /** Formula and roll-up fields: what they may be, and a roll-up's source. */
    private void validateComputed(ObjectDefinition object, MetadataContext context, List<Problem> problems) {
        boolean formulas = checks.stream().anyMatch(ObjectCheck::checksFormulas);
        for (int i = 0; i < object.fields().size(); i++) {
            FieldDefinition field = object.fields().get(i);
            String path = "/fields/" + i;
            if (field == null || field.type() == null || !field.computed()) {
                continue;
            }
            if (field.formula() != null && field.rollup() != null) {
                problems.add(Problem.of("field-computed-twice", path, "a field is a formula or a roll-up, not both"));
                continue;
            }
            if (field.required() || field.unique() || field.defaultValue() != null) {
                problems.add(Problem.of("field-attribute-not-applicable", path, "a computed field cannot be required,"
                        + " unique or have a default value"));
            }
            if (field.type().isReference() || field.type().isFile() || field.type() == FieldType.AUTO_NUMBER
                    || field.type() == FieldType.JSON) {
                problems.add(Problem.of("field-computed-type", path + "/type", "a " + field.type().jsonName()
                        + " field cannot be computed"));
                continue;
            }
            if (field.formula() != null && !formulas) {
                problems.add(Problem.of("formula-unsupported", path + "/formula",
                        "formulas need the rule engine, which is not installed here"));
            }
            if (field.rollup() != null) {
                validateRollup(object, field, path + "/rollup", context, problems);
            }
        }
    }

    private static void validateRollup(ObjectDefinition object, FieldDefinition field, String path,
            MetadataContext context, List<Problem> problems) {
        RollupDefinition rollup = field.rollup();
        ObjectDefinition source = rollup.object().equals(object.name()) ? object
                : context.findObject(rollup.object()).orElse(null);
        if (source == null) {
            problems.add(Problem.of("object-unknown", path + "/object", "app '" + context.app()
                    + "' has no object named '" + rollup.object() + "'"));
            return;
        }
        FieldDefinition via = source.findField(rollup.via()).orElse(null);
        if (via == null || !via.type().isReference() || !object.name().equals(via.target())) {
            problems.add(Problem.of("rollup-via-invalid", path + "/via", "'" + rollup.via() + "' must be a lookup of "
                    + source.name() + " to " + object.name()));
        }
        boolean number = field.type().isNumeric();
        boolean moment = field.type() == FieldType.DATE || field.type() == FieldType.DATETIME;
        if (rollup.function() == RollupDefinition.Function.COUNT) {
            if (rollup.field() != null) {
                problems.add(Problem.of("field-attribute-not-applicable", path + "/field", "count counts records;"
                        + " it takes no field"));
            }
            if (!number) {
                problems.add(Problem.of("rollup-type-mismatch", path, "a count goes into a number field"));
            }
        } else {
            FieldDefinition summed = rollup.field() == null ? null : source.findField(rollup.field()).orElse(null);
            if (summed == null) {
                problems.add(Problem.of("field-unknown", path + "/field", rollup.function().jsonName()
                        + " needs a field of " + source.name()));
            } else {
                boolean sum = rollup.function() == RollupDefinition.Function.SUM;
                boolean fits = summed.type().isNumeric() ? number
                        : !sum && (summed.type() == FieldType.DATE || summed.type() == FieldType.DATETIME)
                                && summed.type() == field.type();
                if (!fits || moment && sum) {
                    problems.add(Problem.of("rollup-type-mismatch", path + "/field", "the " + rollup.function().jsonName()
                            + " of " + summed.type().jsonName() + " field " + summed.name() + " cannot go into a "
                            + field.type().jsonName() + " field"));
                }
            }
        }
        if (rollup.filter() != null) {
            Filter filter = Filter.parse(rollup.filter(), path + "/filter", problems);
            if (filter != null) {
                try {
                    FilterCompiler.check(new ObjectTable(context.app(), source), filter, null, problems);
                } catch (RuntimeException e) {
                    // the source object's own problems are reported when it is validated
                }
            }
        }
    }

    private static void validateSharing(ObjectDefinition object, MetadataContext context, List<Problem> problems) {
        SharingDefinition sharing = object.sharing();
        if (sharing.model() == SharingModel.CONTROLLED_BY_PARENT
                && object.fields().stream().noneMatch(f -> f != null && f.type() == FieldType.MASTER_DETAIL)) {
            problems.add(Problem.of("sharing-model-invalid", "/sharing/model",
                    "controlled_by_parent needs a master-detail field to take access from"));
        }
        if (sharing.partnerAccount()) {
            if (sharing.partnerPath() != null) {
                problems.add(Problem.of("partner-path-invalid", "/sharing/partnerPath",
                        "the partner account object needs no path: a partner user sees their own account"));
            }
            context.objects().stream()
                    .filter(o -> o.sharing().partnerAccount() && !o.name().equals(object.name())).findFirst()
                    .ifPresent(o -> problems.add(Problem.of("partner-account-duplicate", "/sharing/partnerAccount",
                            "object '" + o.name() + "' is already the app's partner account")));
        }
        if (sharing.partnerPath() != null) {
            checkPartnerPath(object, sharing.partnerPathSteps(), context, problems);
        }
        ObjectTable table;
        try {
            table = new ObjectTable(context.app(), object);
        } catch (RuntimeException e) {
            return; // the fields have problems of their own, reported above
        }
        if (sharing.partnerPublished() != null) {
            Filter filter = Filter.parse(sharing.partnerPublished(), "/sharing/partnerPublished", problems);
            ObjectDefinition account = context.objects().stream().filter(o -> o.sharing().partnerAccount())
                    .findFirst().orElse(object.sharing().partnerAccount() ? object : null);
            if (filter != null) {
                FilterCompiler.check(table, filter, new FilterCompiler.PartnerValues() {
                    @Override
                    public FieldDefinition field(String name) {
                        return account == null ? null : account.findField(name).orElse(null);
                    }

                    @Override
                    public Field<Object> value(String name) {
                        return DSL.inline((Object) null);
                    }
                }, problems);
            }
        }
        Set<String> ruleNames = new HashSet<>();
        for (int i = 0; i < sharing.rules().size(); i++) {
            SharingRule rule = sharing.rules().get(i);
            String path = "/sharing/rules/" + i;
            if (rule.name() != null && !ruleNames.add(rule.name())) {
                problems.add(Problem.of("sharing-rule-duplicate", path + "/name",
                        "another sharing rule is already named '" + rule.name() + "'"));
            }
            Filter filter = rule.when() == null ? null : Filter.parse(rule.when(), path + "/when", problems);
            if (filter != null) {
                FilterCompiler.check(table, filter, null, problems);
            }
        }
    }

    /** Each step is a lookup of the object before it, and the last one reaches the partner account object. */
    private static void checkPartnerPath(ObjectDefinition object, List<String> steps, MetadataContext context,
            List<Problem> problems) {
        ObjectDefinition current = object;
        for (String step : steps) {
            FieldDefinition field = current.findField(step).orElse(null);
            if (field == null || !field.type().isReference()) {
                problems.add(Problem.of("partner-path-invalid", "/sharing/partnerPath", "'" + step + "' is not a lookup of "
                        + current.name()));
                return;
            }
            ObjectDefinition next = field.target().equals(object.name()) ? object
                    : context.findObject(field.target()).orElse(null);
            if (next == null) {
                return; // the unknown target is reported on the field
            }
            current = next;
        }
        if (!current.sharing().partnerAccount()) {
            problems.add(Problem.of("partner-path-invalid", "/sharing/partnerPath", "the path ends at "
                    + current.name() + ", which is not the partner account object (sharing.partnerAccount)"));
        }
    }

    private static void validateField(ObjectDefinition object, FieldDefinition field, String path,
            MetadataContext context, List<Problem> problems) {
        FieldType type = field.type();
        boolean textual = type.isTextual() && type != FieldType.PICKLIST && type != FieldType.AUTO_NUMBER;
        notApplicable(field.maxLength() != null && !textual, path + "/maxLength", "maxLength", type, problems);
        boolean decimal = type == FieldType.DECIMAL || type == FieldType.CURRENCY || type == FieldType.PERCENT;
        notApplicable(field.precision() != null && !decimal, path + "/precision", "precision", type, problems);
        notApplicable(field.scale() != null && !decimal, path + "/scale", "scale", type, problems);
        boolean picklist = type == FieldType.PICKLIST || type == FieldType.MULTI_PICKLIST;
        notApplicable(!field.values().isEmpty() && !picklist, path + "/values", "values", type, problems);
        notApplicable(field.target() != null && !type.isReference(), path + "/target", "target", type, problems);
        notApplicable(field.pattern() != null && type != FieldType.AUTO_NUMBER, path + "/pattern", "pattern", type,
                problems);
        if (decimal && field.effectiveScale() > field.effectivePrecision()) {
            problems.add(Problem.of("field-scale-exceeds-precision", path + "/scale",
                    "scale " + field.effectiveScale() + " exceeds precision " + field.effectivePrecision()));
        }
        Set<String> values = new HashSet<>();
        for (int j = 0; j < field.values().size(); j++) {
            String value = field.values().get(j).value();
            if (!values.add(value)) {
                problems.add(Problem.of("picklist-value-duplicate", path + "/values/" + j + "/value",
                        "the value '" + value + "' appears twice"));
            }
        }
        if (type.isReference() && field.target() != null) {
            if (type == FieldType.MASTER_DETAIL && field.target().equals(object.name())) {
                problems.add(Problem.of("master-detail-self", path + "/target",
                        "a master-detail field cannot point at its own object; use a lookup"));
            } else if (!field.target().equals(object.name()) && context.findObject(field.target()).isEmpty()) {
                problems.add(new Problem("lookup-target-unknown", path + "/target",
                        "app '" + context.app() + "' has no object named '" + field.target() + "'",
                        Map.of("target", field.target())));
            }
        }
        if (type == FieldType.AUTO_NUMBER && field.pattern() != null) {
            AutoNumberPattern.Result parsed = AutoNumberPattern.parse(field.pattern());
            if (parsed.error() != null) {
                problems.add(Problem.of("auto-number-pattern-invalid", path + "/pattern", parsed.error()));
            } else if (parsed.pattern().format(LocalDate.of(2000, 1, 1), Long.MAX_VALUE).length()
                    > field.effectiveMaxLength()) {
                problems.add(Problem.of("auto-number-pattern-too-long", path + "/pattern", "numbers made from this"
                        + " pattern could exceed " + field.effectiveMaxLength() + " characters; shorten its text"));
            }
        }
        if (field.unique() && NOT_UNIQUE.contains(type)) {
            problems.add(Problem.of("field-unique-not-supported", path + "/unique",
                    "a " + type.jsonName() + " field cannot be unique"));
        }
        if (field.defaultValue() != null) {
            if (NO_DEFAULT.contains(type)) {
                problems.add(Problem.of("field-default-not-supported", path + "/defaultValue",
                        "a " + type.jsonName() + " field cannot have a default value"));
            } else {
                ValueConverter.toColumn(field, field.defaultValue(), path + "/defaultValue", problems);
            }
        }
    }

    private static void notApplicable(boolean present, String path, String attribute, FieldType type,
            List<Problem> problems) {
        if (present) {
            problems.add(Problem.of("field-attribute-not-applicable", path,
                    attribute + " does not apply to a " + type.jsonName() + " field"));
        }
    }

    private static void validateIndexes(ObjectDefinition object, List<Problem> problems) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < object.indexes().size(); i++) {
            IndexDefinition index = object.indexes().get(i);
            String path = "/indexes/" + i;
            Identifiers.check(index.name(), path + "/name", problems);
            if (!names.add(index.name())) {
                problems.add(Problem.of("index-duplicate", path + "/name",
                        "another index is already named '" + index.name() + "'"));
            }
            for (int j = 0; j < index.fields().size(); j++) {
                String field = index.fields().get(j);
                if (object.findField(field).isEmpty() && !ObjectTable.SYSTEM_COLUMNS.contains(field)) {
                    problems.add(Problem.of("index-field-unknown", path + "/fields/" + j,
                            "object '" + object.name() + "' has no field '" + field + "'"));
                }
            }
        }
    }
}
