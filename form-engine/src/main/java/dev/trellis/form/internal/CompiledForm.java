package dev.trellis.form.internal;

import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.metadata.RollupDefinition;
import dev.trellis.core.record.Permissions;
import dev.trellis.form.FormDefinition;
import dev.trellis.form.FormElement;
import dev.trellis.rule.Expression;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A form compiled for one permission scope: every field the form shows with its rules as compiled
 * expressions and whether the viewer may set it, every sub-table with its columns, and the form's rules.
 * Immutable; built by {@link FormCompiler} once per published generation, form and scope, then shared.
 */
record CompiledForm(FormDefinition form, ObjectDefinition object, Permissions permissions, Map<String, CompiledField> fields,
        Map<String, CompiledLines> lines, List<CompiledRule> rules, List<FieldDefinition> formulas,
        List<LineRollup> rollups) {

    /**
     * One field of the form. {@code settable} says whether the viewer may give it a value at all (their
     * permissions, and not computed, numbered or set by the system); {@code hidden} that they may not see it;
     * {@code limits} what a file field takes (null for other fields).
     */
    record CompiledField(FieldDefinition definition, FormElement element, boolean hidden, boolean settable,
            Expression visibleWhen, Expression requiredWhen, Expression readOnlyWhen, Expression defaultValue,
            Map<String, Expression> optionsWhen, AttachmentLimits limits) {
    }

    /**
     * A sub-table: the detail object, its master-detail field to the form's record, the most lines a
     * submission may hold, its columns, totals and formulas, and what the viewer may do with its records.
     * {@code bulk} says its new lines may be written in one bulk create: nothing computed or checked on a
     * line reads through to the master record, which the bulk path would read as committed data.
     */
    record CompiledLines(String object, ObjectDefinition definition, String via, int maxLines,
            Map<String, CompiledField> columns, List<FormElement.Total> totals, List<FieldDefinition> formulas,
            Permissions permissions, boolean bulk) {
    }

    /** A form-level rule: the condition is true when the submission is wrong. */
    record CompiledRule(FormDefinition.FormRule rule, Expression condition) {
    }

    /** A roll-up of the form's object over one of its sub-tables, computed from the submitted lines. */
    record LineRollup(FieldDefinition field, RollupDefinition rollup) {
    }

    /** The key a compiled form is memoised under in its published generation. */
    record Key(String form, String object, boolean partner, Permissions permissions, Map<String, Permissions> lines) {
    }

    static final int DEFAULT_MAX_LINES = 1000;

    /** Fields of the object that are never taken from a submission's values. */
    static final Set<String> IGNORED = Set.of("id", "version");
}
