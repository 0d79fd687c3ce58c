package dev.trellis.core.record.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.Problem;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.metadata.RollupDefinition;
import dev.trellis.core.record.Filter;
import dev.trellis.core.record.FieldChange;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.core.storage.ValueConverter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * Keeps roll-up summaries correct: after records of an object are written, the records their lookups
 * point at get their roll-up fields recomputed — one statement per (summarised object, lookup) that
 * aggregates in the database, updates only parents whose values changed (bumping their version) and
 * writes those parents' audit rows, with the values before and after (PostgreSQL 18's {@code RETURNING
 * old.…, new.…}).
 */
final class Rollups {

    /** The roll-up fields of {@code parent} fed by {@code child} through its lookup {@code via}. */
    record Target(ObjectTable parent, ObjectTable child, ObjectTable.Column via, List<ObjectTable.Column> fields,
            String sql) {
    }

    /** What one recompute changed in one parent. */
    record Changed(long parentId, List<FieldChange> changes) {
    }

    private record Key(String child) {
    }

    private Rollups() {
    }

    /** The roll-up targets a write to {@code child} affects, compiled once per generation. */
    static List<Target> fedBy(PublishedApp app, String child, BiFunction<PublishedApp, String, ObjectTable> tables,
            DSLContext dsl) {
        return app.compiled(new Key(child), p -> {
            Map<String, List<ObjectTable.Column>> byParentAndVia = new LinkedHashMap<>();
            for (ObjectDefinition parent : p.objects().values()) {
                for (FieldDefinition field : parent.fields()) {
                    if (field.rollup() != null && field.rollup().object().equals(child)) {
                        byParentAndVia.computeIfAbsent(parent.name() + "\u0000" + field.rollup().via(),
                                k -> new ArrayList<>()).add(tables.apply(p, parent.name()).getColumn(field.name()));
                    }
                }
            }
            ObjectTable childTable = tables.apply(p, child);
            List<Target> targets = new ArrayList<>();
            byParentAndVia.forEach((key, fields) -> {
                String[] parts = key.split("\u0000");
                ObjectTable parent = tables.apply(p, parts[0]);
                ObjectTable.Column via = childTable.getColumn(parts[1]);
                targets.add(new Target(parent, childTable, via, List.copyOf(fields), sql(dsl, parent, childTable, via, fields)));
            });
            return List.copyOf(targets);
        });
    }

    /**
     * The recompute statement, rendered once: bind the parent ids (bigint[]), then who writes (id, twice
     * name). Names come from validated metadata and are quoted by jOOQ; a roll-up's filter is inlined.
     */
    private static String sql(DSLContext dsl, ObjectTable parent, ObjectTable child, ObjectTable.Column via,
            List<ObjectTable.Column> fields) {
        StringBuilder aggregates = new StringBuilder();
        StringBuilder sets = new StringBuilder();
        StringBuilder current = new StringBuilder();
        StringBuilder computed = new StringBuilder();
        StringBuilder returning = new StringBuilder();
        StringBuilder changes = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            ObjectTable.Column field = fields.get(i);
            RollupDefinition rollup = field.definition().rollup();
            String name = dsl.render(field.field());
            String where = "c." + dsl.render(via.field()) + " = p.id";
            if (rollup.filter() != null) {
                List<Problem> problems = new ArrayList<>();
                Filter filter = Filter.parse(rollup.filter(), "", problems);
                where += " and (" + dsl.renderInlined(FilterCompiler.compile(child, filter)) + ")";
            }
            String value = switch (rollup.function()) {
                case COUNT -> "count(*)";
                case SUM -> "coalesce(sum(c." + dsl.render(child.getColumn(rollup.field()).field()) + "), 0)";
                case MIN -> "min(c." + dsl.render(child.getColumn(rollup.field()).field()) + ")";
                case MAX -> "max(c." + dsl.render(child.getColumn(rollup.field()).field()) + ")";
            };
            String cast = field.definition().type().isNumeric() ? "::" + castOf(field.definition()) : "";
            String separator = i == 0 ? "" : ", ";
            aggregates.append(", (select ").append(value).append(" from ").append(dsl.render(child.table()))
                    .append(" c where ").append(where).append(")").append(cast).append(" as v").append(i);
            sets.append(separator).append(name).append(" = agg.v").append(i);
            current.append(separator).append("p.").append(name);
            computed.append(separator).append("agg.v").append(i);
            returning.append(", old.").append(name).append(" as o").append(i).append(", new.").append(name)
                    .append(" as n").append(i);
            changes.append(separator).append("'").append(field.name()).append("', case when o").append(i)
                    .append(" is distinct from n").append(i).append(" then json_build_array(o").append(i).append(", n")
                    .append(i).append(") end");
        }
        String parentTable = dsl.render(parent.table());
        return "with agg as (select p.id as pid" + aggregates + " from " + parentTable + " p where p.id = any(?::bigint[]))"
                + ", upd as (update " + parentTable + " p set " + sets + ", version = p.version + 1,"
                + " updated_at = now(), updated_by = ? from agg where p.id = agg.pid and (" + current
                + ", null) is distinct from (" + computed + ", null) returning p.id" + returning + ")"
                + ", audit as (insert into trellis_sys.audit_log (app, object, record_id, action, actor_id, actor, changes)"
                + " select '" + parent.app() + "', '" + parent.name() + "', id, 'update', ?, ?,"
                + " json_strip_nulls(json_build_object(" + changes + ")) from upd)"
                + " select * from upd";
    }

    private static String castOf(FieldDefinition field) {
        return field.type() == dev.trellis.core.metadata.FieldType.INTEGER ? "bigint"
                : "numeric(" + field.effectivePrecision() + ", " + field.effectiveScale() + ")";
    }

    /** Recomputes the target's fields of these parents; returns what changed, for the parents' listeners. */
    static List<Changed> recompute(DSLContext dsl, Actor actor, Target target, Collection<Long> parentIds) {
        if (parentIds.isEmpty()) {
            return List.of();
        }
        List<Changed> changed = new ArrayList<>();
        for (Record r : dsl.resultQuery(target.sql(), parentIds.toArray(Long[]::new), actor.userId(), actor.userId(),
                actor.username()).fetch()) {
            List<FieldChange> changes = new ArrayList<>();
            for (int i = 0; i < target.fields().size(); i++) {
                Object before = ValueConverter.fromColumn(r.get("o" + i));
                Object after = ValueConverter.fromColumn(r.get("n" + i));
                if (!java.util.Objects.equals(before, after)) {
                    changes.add(new FieldChange(target.fields().get(i).name(), before, after));
                }
            }
            changed.add(new Changed(r.get("id", Long.class), changes));
        }
        return changed;
    }
}
