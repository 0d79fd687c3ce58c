package dev.trellis.workflow.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.trellis.core.Actor;
import dev.trellis.rule.routing.Assignee;
import dev.trellis.rule.routing.Decision;
import dev.trellis.rule.routing.DecisionService;
import dev.trellis.workflow.FlowDefinition.Approvers;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.impl.SQLDataType;

/**
 * Turns a step's approver source into approvers, each written {@code u:<user id>} or, for a group that
 * claims one task together, {@code g:<candidate>} ({@code role:finance}, {@code department:7},
 * {@code queue:legal}). Groups are kept whole only where one member decides for all (or-sign); otherwise
 * each enabled member gets a task of their own. People facts (roles held, departments, managers) are read
 * as they are now, not as they were at submit.
 */
final class ApproverResolver {

    private static final org.jooq.Table<?> USERS = table(name("trellis_sys", "app_user"));
    private static final org.jooq.Table<?> ROLES = table(name("trellis_sys", "user_role"));
    private static final org.jooq.Table<?> DEPARTMENTS = table(name("trellis_sys", "department"));
    private static final org.jooq.Field<Long> USER_ID = field(name("app_user", "id"), SQLDataType.BIGINT);
    private static final org.jooq.Field<Boolean> ENABLED = field(name("app_user", "enabled"), SQLDataType.BOOLEAN);
    private static final org.jooq.Field<Long> USER_DEPARTMENT = field(name("app_user", "department_id"), SQLDataType.BIGINT);
    private static final org.jooq.Field<Long> ROLE_USER = field(name("user_role", "user_id"), SQLDataType.BIGINT);
    private static final org.jooq.Field<String> ROLE = field(name("user_role", "role"), SQLDataType.CLOB);
    private static final org.jooq.Field<Long> DEPARTMENT_ID = field(name("department", "id"), SQLDataType.BIGINT);
    private static final org.jooq.Field<String> DEPARTMENT_CODE = field(name("department", "code"), SQLDataType.CLOB);
    private static final org.jooq.Field<Long> PARENT = field(name("department", "parent_id"), SQLDataType.BIGINT);
    private static final org.jooq.Field<Long> MANAGER = field(name("department", "manager_id"), SQLDataType.BIGINT);

    private final DSLContext dsl;
    private final DecisionService decisions;

    ApproverResolver(DSLContext dsl, DecisionService decisions) {
        this.dsl = dsl;
        this.decisions = decisions;
    }

    /**
     * @param whole   whether a group may stay one claimable task (or-sign)
     * @param record  the record's values, for a user field and decision tables (read only for those)
     * @param submitter the submitter, for their manager (looked up only for that)
     */
    List<String> resolve(Approvers source, boolean whole, String app, Supplier<Map<String, Object>> record,
            Supplier<Actor> submitter) {
        Set<String> approvers = new LinkedHashSet<>();
        if (source.users() != null) {
            enabled(source.users()).forEach(id -> approvers.add(user(id)));
        } else if (source.role() != null) {
            group("role:" + source.role(), whole, approvers);
        } else if (source.department() != null) {
            Long department = dsl.select(DEPARTMENT_ID).from(DEPARTMENTS).where(DEPARTMENT_CODE.eq(source.department()))
                    .fetchOptional(DEPARTMENT_ID).orElse(null);
            if (department != null) {
                group("department:" + department, whole, approvers);
            }
        } else if (source.manager() != null) {
            Long manager = manager(submitter.get(), source.manager());
            if (manager != null) {
                approvers.add(user(manager));
            }
        } else if (source.field() != null) {
            if (record.get().get(source.field()) instanceof Number id) {
                enabled(List.of(id.longValue())).forEach(u -> approvers.add(user(u)));
            }
        } else if (source.decisionTable() != null) {
            Decision decision = decisions.decide(Actor.system(), app, source.decisionTable(), record.get());
            decision.first().map(Decision.Outcome::assignee).ifPresent(a -> assignee(a, whole, approvers));
        }
        return List.copyOf(approvers);
    }

    private void assignee(Assignee assignee, boolean whole, Set<String> approvers) {
        switch (assignee.kind()) {
            case "user" -> enabled(List.of(assignee.user())).forEach(id -> approvers.add(user(id)));
            case "role" -> group("role:" + assignee.role(), whole, approvers);
            case "department" -> dsl.select(DEPARTMENT_ID).from(DEPARTMENTS).where(DEPARTMENT_CODE.eq(assignee.department()))
                    .fetchOptional(DEPARTMENT_ID).ifPresent(id -> group("department:" + id, whole, approvers));
            default -> approvers.add("g:queue:" + assignee.queue()); // a queue has no members to list: it is claimed
        }
    }

    private void group(String candidate, boolean whole, Set<String> approvers) {
        if (whole) {
            approvers.add("g:" + candidate);
        } else {
            members(candidate).forEach(id -> approvers.add(user(id)));
        }
    }

    /** The enabled users of a {@code role:} or {@code department:} group, in id order. */
    List<Long> members(String candidate) {
        if (candidate.startsWith("role:")) {
            return dsl.select(USER_ID).from(USERS).join(ROLES).on(ROLE_USER.eq(USER_ID))
                    .where(ROLE.eq(candidate.substring(5)), ENABLED.isTrue()).orderBy(USER_ID).fetch(USER_ID);
        }
        if (candidate.startsWith("department:")) {
            return dsl.select(USER_ID).from(USERS)
                    .where(USER_DEPARTMENT.eq(Long.parseLong(candidate.substring(11))), ENABLED.isTrue())
                    .orderBy(USER_ID).fetch(USER_ID);
        }
        return List.of();
    }

    private List<Long> enabled(List<Long> ids) {
        return dsl.select(USER_ID).from(USERS).where(USER_ID.in(ids), ENABLED.isTrue()).fetch(USER_ID).stream()
                .sorted(java.util.Comparator.comparingInt(ids::indexOf)).toList();
    }

    /**
     * The manager {@code levels} up from the submitter: the manager of their department (or of the one above,
     * when they manage their own), then of each department above.
     */
    private Long manager(Actor submitter, int levels) {
        Long department = submitter.departmentId() != null ? submitter.departmentId()
                : dsl.select(USER_DEPARTMENT).from(USERS).where(USER_ID.eq(submitter.userId())).fetchOptional(USER_DEPARTMENT)
                        .orElse(null);
        Long found = null;
        long below = submitter.userId();
        int level = 0;
        List<Long> seen = new ArrayList<>();
        while (department != null && level < levels && !seen.contains(department)) {
            seen.add(department);
            Record2<Long, Long> row = dsl.select(MANAGER, PARENT).from(DEPARTMENTS).where(DEPARTMENT_ID.eq(department))
                    .fetchOne();
            if (row == null) {
                break;
            }
            Long manager = row.value1();
            if (manager != null && manager != below) {
                found = manager;
                below = manager;
                level++;
            }
            department = row.value2();
        }
        return level == levels ? found : null;
    }

    static String user(long id) {
        return "u:" + id;
    }
}
