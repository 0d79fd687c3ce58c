package dev.trellis.workflow.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.trellis.core.Actor;
import dev.trellis.workflow.ApprovalView;
import dev.trellis.workflow.TimelineEntry;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The workflow engine's tables ({@code trellis_sys.flow_*}): deployments per flow version, approvals of
 * records, the inbox's tasks and the timeline. Every statement joins the caller's transaction.
 */
final class FlowStore {

    static final Table<Record> DEPLOYMENT = table(name("trellis_sys", "flow_deployment"));
    static final Table<Record> INSTANCE = table(name("trellis_sys", "flow_instance"));
    static final Table<Record> TASK = table(name("trellis_sys", "flow_task"));
    static final Table<Record> ACTION = table(name("trellis_sys", "flow_action"));

    static final Field<Long> ID = field(name("id"), SQLDataType.BIGINT);
    static final Field<String> APP = field(name("app"), SQLDataType.CLOB);
    static final Field<String> OBJECT = field(name("object"), SQLDataType.CLOB);
    static final Field<String> FLOW = field(name("flow"), SQLDataType.CLOB);
    static final Field<Integer> VERSION = field(name("version"), SQLDataType.INTEGER);
    static final Field<String> DEFINITION_ID = field(name("process_definition_id"), SQLDataType.CLOB);
    static final Field<String> PROCESS_ID = field(name("process_instance_id"), SQLDataType.CLOB);
    static final Field<Long> RECORD_ID = field(name("record_id"), SQLDataType.BIGINT);
    static final Field<Integer> FLOW_VERSION = field(name("flow_version"), SQLDataType.INTEGER);
    static final Field<String> STATUS = field(name("status"), SQLDataType.CLOB);
    static final Field<Long> SUBMITTER_ID = field(name("submitter_id"), SQLDataType.BIGINT);
    static final Field<String> SUBMITTER = field(name("submitter"), SQLDataType.CLOB);
    static final Field<Boolean> ACTED = field(name("acted"), SQLDataType.BOOLEAN);
    static final Field<OffsetDateTime> STARTED_AT = field(name("started_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    static final Field<OffsetDateTime> ENDED_AT = field(name("ended_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);

    static final Field<String> TASK_ID = field(name("task_id"), SQLDataType.CLOB);
    static final Field<Long> INSTANCE_ID = field(name("instance_id"), SQLDataType.BIGINT);
    static final Field<String> STEP = field(name("step"), SQLDataType.CLOB);
    static final Field<String> STEP_NAME = field(name("step_name"), SQLDataType.CLOB);
    static final Field<Long> ASSIGNEE_ID = field(name("assignee_id"), SQLDataType.BIGINT);
    static final Field<String> CANDIDATE = field(name("candidate"), SQLDataType.CLOB);
    /**
     * The statuses the partial indexes are written for, inline in the SQL rather than bound: PostgreSQL then
     * plans a statement once and reuses the plan on the index, where a bound status makes it plan every call.
     */
    private static final Field<String> OPEN_TASK = DSL.inline("open");
    private static final Field<String> OPEN_APPROVAL = DSL.inline("in_approval");
    private static final Field<String> DONE_TASK = DSL.inline("done");
    static final Field<String> SCOPE = field(name("scope"), SQLDataType.CLOB);
    static final Field<String> OUTCOME = field(name("outcome"), SQLDataType.CLOB);
    static final Field<Long> ACTED_BY = field(name("acted_by"), SQLDataType.BIGINT);
    static final Field<String> COMMENT = field(name("comment"), SQLDataType.CLOB);
    static final Field<OffsetDateTime> CREATED_AT = field(name("created_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    static final Field<OffsetDateTime> DONE_AT = field(name("done_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);

    static final Field<Long> ACTION_TASK = field(name("task_id"), SQLDataType.BIGINT);
    static final Field<Long> ACTOR_ID = field(name("actor_id"), SQLDataType.BIGINT);
    static final Field<String> ACTOR = field(name("actor"), SQLDataType.CLOB);
    static final Field<String> ACTION_NAME = field(name("action"), SQLDataType.CLOB);
    static final Field<String> TARGET = field(name("target"), SQLDataType.CLOB);
    static final Field<OffsetDateTime> AT = field(name("at"), SQLDataType.TIMESTAMPWITHTIMEZONE);

    private static final Field<Long> T_ID = field(name("t", "id"), SQLDataType.BIGINT);
    private static final Field<Long> T_INSTANCE = field(name("t", "instance_id"), SQLDataType.BIGINT);
    private static final Field<String> T_STEP = field(name("t", "step"), SQLDataType.CLOB);
    private static final Field<Long> T_ASSIGNEE = field(name("t", "assignee_id"), SQLDataType.BIGINT);
    private static final Field<String> T_CANDIDATE = field(name("t", "candidate"), SQLDataType.CLOB);
    private static final Field<String> T_STATUS = field(name("t", "status"), SQLDataType.CLOB);
    private static final Field<Long> I_ID = field(name("i", "id"), SQLDataType.BIGINT);
    private static final Field<String> I_APP = field(name("i", "app"), SQLDataType.CLOB);
    private static final Field<String> I_OBJECT = field(name("i", "object"), SQLDataType.CLOB);
    private static final Field<Long> A_INSTANCE = field(name("a", "instance_id"), SQLDataType.BIGINT);

    private final DSLContext dsl;

    FlowStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    // deployments

    Optional<String> deployment(String app, String flow, int version) {
        return dsl.select(DEFINITION_ID).from(DEPLOYMENT).where(APP.eq(app), FLOW.eq(flow), VERSION.eq(version))
                .fetchOptional(DEFINITION_ID);
    }

    void saveDeployment(String app, String flow, int version, String definitionId) {
        dsl.insertInto(DEPLOYMENT, APP, FLOW, VERSION, DEFINITION_ID).values(app, flow, version, definitionId)
                .onConflictDoNothing().execute();
    }

    /** Serialises deployments of one flow across nodes, until the transaction ends. */
    void lockDeployment(String app, String flow) {
        dsl.execute("select pg_advisory_xact_lock(?)", (long) (app + "/" + flow).hashCode());
    }

    // approvals

    /**
     * Enters a running approval of a record and the submit entry of its timeline, in one statement; empty when
     * the record already has a running approval (the partial unique index decides, so two submits at once cannot
     * both start one). The row comes back whole, for the answer to the submitter.
     */
    Optional<Record> startInstance(String app, String object, long recordId, String flow, int version, Actor submitter,
            String processInstanceId, String comment) {
        return dsl.resultQuery("""
                with i as (
                  insert into trellis_sys.flow_instance (app, object, record_id, flow, flow_version, status, submitter_id,
                    submitter, process_instance_id)
                  values ({0}, {1}, {2}, {3}, {4}, 'in_approval', {5}, {6}, {7})
                  on conflict (app, object, record_id) where status = 'in_approval' do nothing
                  returning *),
                a as (
                  insert into trellis_sys.flow_action (instance_id, actor_id, actor, action, comment)
                  select id, {5}, {6}, 'submit', {8} from i)
                select * from i""", DSL.val(app), DSL.val(object), DSL.val(recordId), DSL.val(flow), DSL.val(version),
                DSL.val(submitter.userId()), DSL.val(submitter.username()), DSL.val(processInstanceId),
                DSL.val(comment, SQLDataType.CLOB)).fetchOptional();
    }

    Optional<Record> instance(long id) {
        return dsl.selectFrom(INSTANCE).where(ID.eq(id)).fetchOptional();
    }

    Optional<Record> running(String app, String object, long recordId) {
        return dsl.selectFrom(INSTANCE).where(APP.eq(app), OBJECT.eq(object), RECORD_ID.eq(recordId),
                STATUS.eq(OPEN_APPROVAL)).fetchOptional();
    }

    Optional<Record> latest(String app, String object, long recordId) {
        return dsl.selectFrom(INSTANCE).where(APP.eq(app), OBJECT.eq(object), RECORD_ID.eq(recordId))
                .orderBy(ID.desc()).limit(1).fetchOptional();
    }

    /** Ends a running approval; false when it had already ended. */
    boolean end(long instanceId, String status) {
        return dsl.update(INSTANCE).set(STATUS, status).set(ENDED_AT, DSL.currentOffsetDateTime())
                .where(ID.eq(instanceId), STATUS.eq("in_approval")).execute() == 1;
    }

    /** Ends a running approval with the flow's timeline entry of its outcome; false when it had already ended. */
    boolean finish(long instanceId, String status) {
        return dsl.query("""
                with e as (
                  update trellis_sys.flow_instance set status = {0}, ended_at = current_timestamp
                  where id = {1} and status = 'in_approval' returning id)
                insert into trellis_sys.flow_action (instance_id, actor_id, actor, action)
                select id, 0, 'flow', {0} from e""", DSL.val(status), DSL.val(instanceId)).execute() == 1;
    }

    List<Record> submittedBy(long userId, int limit, Long after) {
        Condition condition = SUBMITTER_ID.eq(userId);
        if (after != null) {
            condition = condition.and(ID.lt(after));
        }
        return dsl.selectFrom(INSTANCE).where(condition).orderBy(ID.desc()).limit(limit).fetch();
    }

    static ApprovalView approval(Record r, Map<String, Object> summary) {
        return new ApprovalView(r.get(ID), r.get(APP), r.get(OBJECT), r.get(RECORD_ID), r.get(FLOW), r.get(FLOW_VERSION),
                r.get(STATUS), r.get(SUBMITTER_ID), r.get(SUBMITTER), r.get(STARTED_AT), r.get(ENDED_AT), summary);
    }

    // tasks

    /** @param scope the step's multi-instance execution: the tasks of one visit of the step share it */
    void insertTask(String taskId, long instanceId, String step, String stepName, Long assignee, String candidate,
            String scope) {
        dsl.insertInto(TASK, TASK_ID, INSTANCE_ID, STEP, STEP_NAME, ASSIGNEE_ID, CANDIDATE, SCOPE)
                .values(taskId, instanceId, step, stepName, assignee, candidate, scope).execute();
    }

    /** A task with its approval's columns. */
    Optional<TaskRow> task(long id) {
        return taskSelect().where(T_ID.eq(id)).fetchOptional(FlowStore::taskRow);
    }

    /**
     * A task with its approval's columns, read after its approval's row is locked until the transaction ends: the
     * actions on one approval take turns, so each sees the decisions committed before it (a countersign step's
     * count, a task another decision cancelled) instead of failing on Flowable's optimistic lock. The lock comes
     * first, in a statement of its own, so the read sees what the turn before committed, and so every action
     * locks the same row first (locking the task rows too would deadlock: a decision cancels the others' tasks).
     */
    Optional<TaskRow> lockTask(long id) {
        dsl.select(ID).from(INSTANCE).where(ID.eq(DSL.select(INSTANCE_ID).from(TASK).where(ID.eq(id))))
                .forNoKeyUpdate().fetch();
        return task(id);
    }

    Optional<TaskRow> taskByFlowableId(String taskId) {
        return taskSelect().where(field(name("t", "task_id"), SQLDataType.CLOB).eq(taskId))
                .fetchOptional(FlowStore::taskRow);
    }

    private org.jooq.SelectOnConditionStep<Record> taskSelect() {
        return dsl.select(List.<org.jooq.SelectFieldOrAsterisk>of(T_ID, field(name("t", "task_id")), field(name("t", "instance_id")), T_STEP,
                        field(name("t", "step_name")), T_ASSIGNEE, T_CANDIDATE, T_STATUS, field(name("t", "outcome")),
                        field(name("t", "created_at")), field(name("t", "done_at")), I_APP, I_OBJECT,
                        field(name("i", "record_id")), field(name("i", "flow")), field(name("i", "flow_version")),
                        field(name("i", "submitter")), field(name("i", "process_instance_id"))))
                .from(TASK.as("t")).join(INSTANCE.as("i")).on(I_ID.eq(T_INSTANCE));
    }

    private static TaskRow taskRow(Record r) {
        return new TaskRow(r.get(T_ID), r.get("task_id", String.class), r.get("instance_id", Long.class),
                r.get(T_STEP), r.get("step_name", String.class), r.get(T_ASSIGNEE), r.get(T_CANDIDATE),
                r.get(T_STATUS), r.get("outcome", String.class), r.get("created_at", OffsetDateTime.class),
                r.get("done_at", OffsetDateTime.class), r.get(I_APP), r.get(I_OBJECT), r.get("record_id", Long.class),
                r.get("flow", String.class), r.get("flow_version", Integer.class), r.get("submitter", String.class),
                r.get("process_instance_id", String.class));
    }

    /** A task of the inbox joined with its approval. */
    record TaskRow(long id, String taskId, long instanceId, String step, String stepName, Long assigneeId,
            String candidate, String status, String outcome, OffsetDateTime createdAt, OffsetDateTime doneAt, String app,
            String object, long recordId, String flow, int flowVersion, String submitter, String processInstanceId) {

        /** The task as it is once decided. */
        TaskRow decided(String decision, OffsetDateTime at) {
            return new TaskRow(id, taskId, instanceId, step, stepName, assigneeId, candidate, "done", decision, createdAt,
                    at, app, object, recordId, flow, flowVersion, submitter, processInstanceId);
        }
    }

    /**
     * An approver's decision in one statement: the task done with its outcome, the approval marked as acted on
     * (no more withdrawing), the timeline entry. Returns when the task was done.
     */
    OffsetDateTime decide(TaskRow task, String outcome, long actorId, String actor, String comment, String target) {
        return dsl.resultQuery("""
                with t as (
                  update trellis_sys.flow_task set status = 'done', outcome = {0}, acted_by = {1}, comment = {2},
                    done_at = current_timestamp
                  where id = {3} returning done_at),
                i as (update trellis_sys.flow_instance set acted = true where id = {4} and not acted),
                a as (
                  insert into trellis_sys.flow_action (instance_id, step, task_id, actor_id, actor, action, comment, target)
                  values ({4}, {5}, {3}, {1}, {6}, {0}, {2}, {7}))
                select done_at from t""", DSL.val(outcome), DSL.val(actorId), DSL.val(comment, SQLDataType.CLOB),
                DSL.val(task.id()), DSL.val(task.instanceId()), DSL.val(task.step()), DSL.val(actor),
                DSL.val(target, SQLDataType.CLOB))
                .fetchSingle(0, OffsetDateTime.class);
    }

    /**
     * Approvals and rejections in the latest visit of a step: the tasks sharing the scope of its newest task
     * (tasks written before scopes were kept have none, and count together).
     */
    int[] decisions(long instanceId, String step) {
        var latest = dsl.select(SCOPE).from(TASK).where(INSTANCE_ID.eq(instanceId), STEP.eq(step)).orderBy(ID.desc())
                .limit(1);
        var row = dsl.select(DSL.count().filterWhere(OUTCOME.eq("approve")), DSL.count().filterWhere(OUTCOME.eq("reject")))
                .from(TASK).where(INSTANCE_ID.eq(instanceId), STEP.eq(step), SCOPE.isNotDistinctFrom(latest.asField()))
                .fetchSingle();
        return new int[] {row.value1(), row.value2()};
    }

    /** Whether a step of the approval ever had a task. */
    boolean visited(long instanceId, String step) {
        return dsl.fetchExists(TASK, INSTANCE_ID.eq(instanceId).and(STEP.eq(step)));
    }

    void assign(long id, Long assignee) {
        dsl.update(TASK).set(ASSIGNEE_ID, assignee).where(ID.eq(id)).execute();
    }

    /** Marks the task cancelled when Flowable deleted it while still open (the step was decided without it). */
    void cancelIfOpen(String taskId) {
        dsl.update(TASK).set(STATUS, "cancelled").set(DONE_AT, DSL.currentOffsetDateTime())
                .where(TASK_ID.eq(taskId), STATUS.eq("open")).execute();
    }

    List<TaskRow> openTasks(long instanceId, String step) {
        Condition condition = T_INSTANCE.eq(instanceId).and(T_STATUS.eq("open"));
        if (step != null) {
            condition = condition.and(T_STEP.eq(step));
        }
        return taskSelect().where(condition).orderBy(T_ID).fetch(FlowStore::taskRow);
    }

    /** The steps in which the user holds an open task of the record's running approval. */
    List<String> openStepsOf(String app, String object, long recordId, long userId) {
        return dsl.selectDistinct(T_STEP).from(TASK.as("t")).join(INSTANCE.as("i")).on(I_ID.eq(T_INSTANCE))
                .where(I_APP.eq(app), I_OBJECT.eq(object), field(name("i", "record_id"), SQLDataType.BIGINT).eq(recordId),
                        field(name("i", "status"), SQLDataType.CLOB).eq(OPEN_APPROVAL), T_STATUS.eq(OPEN_TASK),
                        T_ASSIGNEE.eq(userId))
                .fetch(T_STEP);
    }

    List<TaskRow> assignedTo(long userId, int limit, Long after) {
        return page(T_ASSIGNEE.eq(userId).and(T_STATUS.eq(OPEN_TASK)), limit, after);
    }

    List<TaskRow> claimable(Collection<String> candidates, int limit, Long after) {
        return page(T_CANDIDATE.in(candidates).and(T_STATUS.eq(OPEN_TASK)).and(T_ASSIGNEE.isNull()), limit, after);
    }

    List<TaskRow> doneBy(long userId, int limit, Long after) {
        return page(field(name("t", "acted_by"), SQLDataType.BIGINT).eq(userId).and(T_STATUS.eq(DONE_TASK)), limit, after);
    }

    private List<TaskRow> page(Condition condition, int limit, Long after) {
        if (after != null) {
            condition = condition.and(T_ID.lt(after));
        }
        return taskSelect().where(condition).orderBy(T_ID.desc()).limit(limit).fetch(FlowStore::taskRow);
    }

    // timeline

    void action(long instanceId, String step, Long taskId, long actorId, String actor, String action, String comment,
            String target) {
        dsl.insertInto(ACTION, INSTANCE_ID, STEP, ACTION_TASK, ACTOR_ID, ACTOR, ACTION_NAME, COMMENT, TARGET)
                .values(instanceId, step, taskId, actorId, actor, action, comment, target).execute();
    }

    List<TimelineEntry> timeline(String app, String object, long recordId) {
        return dsl.select(field(name("a", "id"), SQLDataType.BIGINT), A_INSTANCE, field(name("i", "flow"), SQLDataType.CLOB),
                        field(name("a", "step"), SQLDataType.CLOB), field(name("a", "task_id"), SQLDataType.BIGINT),
                        field(name("a", "actor_id"), SQLDataType.BIGINT), field(name("a", "actor"), SQLDataType.CLOB),
                        field(name("a", "action"), SQLDataType.CLOB), field(name("a", "comment"), SQLDataType.CLOB),
                        field(name("a", "target"), SQLDataType.CLOB), field(name("a", "at"), SQLDataType.TIMESTAMPWITHTIMEZONE))
                .from(ACTION.as("a")).join(INSTANCE.as("i")).on(I_ID.eq(A_INSTANCE))
                .where(I_APP.eq(app), I_OBJECT.eq(object), field(name("i", "record_id"), SQLDataType.BIGINT).eq(recordId))
                .orderBy(field(name("a", "id")))
                .fetch(r -> new TimelineEntry(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        r.value7(), r.value8(), r.value9(), r.value10(), r.value11()));
    }
}
