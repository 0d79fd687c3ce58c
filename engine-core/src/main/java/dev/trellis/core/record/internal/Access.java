package dev.trellis.core.record.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.table;

import dev.trellis.core.Actor;
import dev.trellis.core.access.FieldAccess;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.FieldType;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.metadata.SharingDefinition;
import dev.trellis.core.metadata.SharingRule;
import dev.trellis.core.record.Filter;
import dev.trellis.core.record.Permissions;
import dev.trellis.core.storage.ObjectTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * What one actor may do with one object's records: the object and field permissions of their roles,
 * and record-level access as two SQL conditions on the object's table — which records they may read,
 * which they may change. Every query the record service builds carries the read condition, so no
 * record is ever filtered out in Java after the fact. {@link DSL#noCondition()} means every record.
 *
 * <p>Head-office users: the object's sharing model decides the base; private records are open to
 * their owner, to those above the owner (role hierarchy, department managers), to sharing rules that
 * name the actor's role or department, and to manual shares. Partner users: only records whose
 * partner path leads to their own account, plus records published to partners (read only); they never
 * see internal-only fields, and view-all or modify-all do not reach past their account.
 */
record Access(Permissions permissions, Condition read, Condition edit) {

    static final Access ALL = new Access(Permissions.ALL, DSL.noCondition(), DSL.noCondition());

    /** How deep controlled-by-parent and partner paths may nest before they are refused outright. */
    private static final int MAX_DEPTH = 8;

    private static final Table<Record> USER_ROLE = table(name("trellis_sys", "user_role")).as("tr_ur");
    private static final Table<Record> APP_USER = table(name("trellis_sys", "app_user")).as("tr_u");
    private static final Table<Record> DEPARTMENT = table(name("trellis_sys", "department")).as("tr_d");
    private static final Table<Record> MANAGED = table(name("trellis_sys", "department")).as("tr_m");
    private static final Table<Record> SHARE = table(name("trellis_sys", "record_share")).as("tr_s");

    boolean unrestrictedRead() {
        return read == DSL.noCondition();
    }

    /** The access of an actor to an object; {@code tables} gives the compiled table of any object of the app. */
    /**
     * The access of an actor to an object; {@code tables} gives the compiled table of any object of the
     * app, {@code dsl} looks up who is below the actor and what was shared with them.
     */
    static Access of(Actor actor, PublishedApp app, ObjectTable t, BiFunction<PublishedApp, String, ObjectTable> tables,
            DSLContext dsl) {
        return of(actor, app, t, tables, dsl, 0);
    }

    private static Access of(Actor actor, PublishedApp app, ObjectTable t,
            BiFunction<PublishedApp, String, ObjectTable> tables, DSLContext dsl, int depth) {
        if (actor.isAdmin()) {
            return ALL;
        }
        Grants grants = Grants.of(app, actor.roles());
        Grants.Grant grant = grants.object(t.name());
        Permissions permissions = permissions(actor, t.definition(), grant);
        if (!grant.read() || depth > MAX_DEPTH) {
            return new Access(permissions, DSL.falseCondition(), DSL.falseCondition());
        }
        SharingDefinition sharing = t.definition().sharing();
        if (actor.isPartner()) {
            Condition own = partnerScope(actor, app, t, tables);
            Condition published = published(actor, app, t, tables);
            return new Access(permissions, DSL.or(orTrue(own), orTrue(published)), own);
        }
        return switch (sharing.model()) {
            case PUBLIC_READ_WRITE -> new Access(permissions, DSL.noCondition(), DSL.noCondition());
            case PUBLIC_READ -> new Access(permissions, DSL.noCondition(),
                    grant.modifyAll() ? DSL.noCondition() : privateScope(actor, t, grants, true, dsl));
            case PRIVATE -> new Access(permissions,
                    grant.viewAll() ? DSL.noCondition() : privateScope(actor, t, grants, false, dsl),
                    grant.modifyAll() ? DSL.noCondition() : privateScope(actor, t, grants, true, dsl));
            case CONTROLLED_BY_PARENT -> {
                FieldDefinition master = masterOf(t.definition());
                Access parent = of(actor, app, tables.apply(app, master.target()), tables, dsl, depth + 1);
                ObjectTable mt = tables.apply(app, master.target());
                Field<Object> masterId = t.getColumn(master.name()).field();
                yield new Access(permissions,
                        grant.viewAll() ? DSL.noCondition() : within(masterId, mt, parent.read()),
                        grant.modifyAll() ? DSL.noCondition() : within(masterId, mt, parent.edit()));
            }
        };
    }

    /** The master-detail field a controlled-by-parent object hangs from (validation makes sure there is one). */
    static FieldDefinition masterOf(ObjectDefinition object) {
        return object.fields().stream().filter(f -> f.type() == FieldType.MASTER_DETAIL).findFirst()
                .orElseThrow(() -> new IllegalStateException(object.name() + " has no master-detail field"));
    }

    private static Condition within(Field<Object> reference, ObjectTable target, Condition targetScope) {
        if (targetScope == DSL.noCondition()) {
            return DSL.noCondition();
        }
        return reference.in(select(target.id).from(target.table()).where(targetScope));
    }

    private static Permissions permissions(Actor actor, ObjectDefinition object, Grants.Grant grant) {
        Set<String> hidden = new HashSet<>();
        Set<String> readOnly = new HashSet<>();
        for (FieldDefinition field : object.fields()) {
            FieldAccess access = grant.field(field.name());
            if (access == FieldAccess.HIDDEN || actor.isPartner() && field.internalOnly()) {
                hidden.add(field.name());
            } else if (access == FieldAccess.READ_ONLY) {
                readOnly.add(field.name());
            }
        }
        return new Permissions(grant.create(), grant.read(), grant.edit(), grant.delete(), grant.export(), hidden,
                readOnly);
    }

    /**
     * Records of a private object the actor reaches: owned by them or by someone below them, matched by a
     * sharing rule for their role or department, or shared with them by hand ({@code edit}: for changing).
     */
    private static Condition privateScope(Actor actor, ObjectTable t, Grants grants, boolean edit, DSLContext dsl) {
        List<Condition> any = new ArrayList<>();
        any.add(t.ownerId.eq(actor.userId()));
        var below = select(field(name("tr_u", "id"), SQLDataType.BIGINT))
                .from(APP_USER)
                .join(DEPARTMENT).on(field(name("tr_d", "id"), SQLDataType.BIGINT)
                        .eq(field(name("tr_u", "department_id"), SQLDataType.BIGINT)))
                .join(MANAGED).on(DSL.condition("{0} like {1} || '%'", field(name("tr_d", "path")),
                        field(name("tr_m", "path"))))
                .where(field(name("tr_m", "manager_id"), SQLDataType.BIGINT).eq(actor.userId()));
        if (!grants.rolesBelow().isEmpty()) {
            Field<Long> userRoleUser = field(name("tr_ur", "user_id"), SQLDataType.BIGINT);
            Field<String> userRoleRole = field(name("tr_ur", "role"), SQLDataType.CLOB);
            any.add(anyOf(dsl, t.ownerId, below.unionAll(select(userRoleUser).from(USER_ROLE)
                    .where(userRoleRole.in(grants.rolesBelow())))));
        } else {
            any.add(anyOf(dsl, t.ownerId, below));
        }
        for (SharingRule rule : t.definition().sharing().rules()) {
            if (edit && !rule.grantsEdit()) {
                continue;
            }
            Condition applies = appliesTo(actor, rule);
            if (applies != DSL.falseCondition()) {
                any.add(orTrue(DSL.and(applies, FilterCompiler.compile(t, ruleFilter(rule)))));
            }
        }
        var shared = select(field(name("tr_s", "record_id"), SQLDataType.BIGINT)).from(SHARE)
                .where(field(name("tr_s", "app")).eq(t.app()), field(name("tr_s", "object")).eq(t.name()),
                        field(name("tr_s", "user_id"), SQLDataType.BIGINT).eq(actor.userId()));
        any.add(anyOf(dsl, t.id, edit ? shared.and(field(name("tr_s", "access")).eq("edit")) : shared));
        return DSL.or(any);
    }

    /** Up to this many ids are looked up first and written into the statement; more stay a subquery. */
    private static final int INLINE_IDS = 2_000;

    /**
     * {@code column = any(<the ids>)}. The ids (the users below the actor, the records shared with them)
     * are usually few, so they are fetched first and written into the statement as a literal array: the
     * planner then knows how selective each arm is and reads the (owner_id, id) index instead of walking
     * the primary key and filtering every row. A bound array or a subquery would leave it guessing.
     */
    private static Condition anyOf(DSLContext dsl, Field<Long> column, Select<? extends Record1<Long>> ids) {
        List<Long> found = dsl.fetch(DSL.selectFrom(ids.asTable("tr_ids")).limit(INLINE_IDS + 1))
                .getValues(0, Long.class);
        if (found.isEmpty()) {
            return DSL.falseCondition();
        }
        if (found.size() > INLINE_IDS) {
            return DSL.condition("{0} = any(array({1}))", column, ids);
        }
        return column.eq(DSL.any(DSL.inline(found.toArray(Long[]::new))));
    }

    /** Whether a sharing rule names the actor: by role, known in Java; by department, the actor's or one above it. */
    private static Condition appliesTo(Actor actor, SharingRule rule) {
        if (rule.role() != null) {
            return actor.roles().contains(rule.role()) ? DSL.noCondition() : DSL.falseCondition();
        }
        if (actor.departmentId() == null) {
            return DSL.falseCondition();
        }
        return DSL.exists(select(DSL.one()).from(DEPARTMENT).join(MANAGED)
                .on(DSL.condition("{0} like {1} || '%'", field(name("tr_d", "path")), field(name("tr_m", "path"))))
                .where(field(name("tr_d", "id"), SQLDataType.BIGINT).eq(actor.departmentId()),
                        field(name("tr_m", "code")).eq(rule.department())));
    }

    private static Filter ruleFilter(SharingRule rule) {
        return sharingFilter(rule.when());
    }

    /** A filter held in published metadata; validation made sure it reads. */
    private static Filter sharingFilter(tools.jackson.databind.JsonNode json) {
        List<dev.trellis.core.Problem> problems = new ArrayList<>();
        Filter filter = Filter.parse(json, "", problems);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("a published sharing filter does not read: " + problems);
        }
        return filter;
    }

    /** In an {@code or}, jOOQ drops a no-condition; here it means every record, so it must stay true. */
    private static Condition orTrue(Condition c) {
        return c == DSL.noCondition() ? DSL.trueCondition() : c;
    }

    /** Records whose partner path leads to the actor's own partner account. */
    private static Condition partnerScope(Actor actor, PublishedApp app, ObjectTable t,
            BiFunction<PublishedApp, String, ObjectTable> tables) {
        SharingDefinition sharing = t.definition().sharing();
        if (!actor.partner().app().equals(app.name())) {
            return DSL.falseCondition();
        }
        if (sharing.partnerAccount()) {
            return t.id.eq(actor.partner().id());
        }
        List<String> steps = sharing.partnerPathSteps();
        return steps.isEmpty() ? DSL.falseCondition() : path(app, t, steps, actor.partner().id(), tables);
    }

    private static Condition path(PublishedApp app, ObjectTable t, List<String> steps, long partnerId,
            BiFunction<PublishedApp, String, ObjectTable> tables) {
        ObjectTable.Column step = t.getColumn(steps.get(0));
        if (steps.size() == 1) {
            return step.field().eq(partnerId);
        }
        ObjectTable next = tables.apply(app, step.definition().target());
        return step.field().in(select(next.id).from(next.table())
                .where(path(app, next, steps.subList(1, steps.size()), partnerId, tables)));
    }

    /** Records published to every partner user, with {@code $partner} values taken from the actor's account. */
    private static Condition published(Actor actor, PublishedApp app, ObjectTable t,
            BiFunction<PublishedApp, String, ObjectTable> tables) {
        SharingDefinition sharing = t.definition().sharing();
        if (sharing.partnerPublished() == null) {
            return DSL.falseCondition();
        }
        ObjectTable account = partnerAccountTable(app, tables);
        boolean ownApp = actor.partner().app().equals(app.name());
        return FilterCompiler.compile(t, sharingFilter(sharing.partnerPublished()),
                new FilterCompiler.PartnerValues() {
                    @Override
                    public FieldDefinition field(String name) {
                        return account == null ? null : account.findColumn(name).map(ObjectTable.Column::definition)
                                .orElse(null);
                    }

                    @Override
                    public Field<Object> value(String name) {
                        Field<Object> column = account.getColumn(name).field();
                        // a partner of another app has no account here: its values are null and match nothing
                        return DSL.field(select(column).from(account.table())
                                .where(account.id.eq(ownApp ? actor.partner().id() : -1L)));
                    }
                });
    }

    static ObjectTable partnerAccountTable(PublishedApp app, BiFunction<PublishedApp, String, ObjectTable> tables) {
        return app.objects().values().stream().filter(o -> o.sharing().partnerAccount()).findFirst()
                .map(o -> tables.apply(app, o.name())).orElse(null);
    }
}
