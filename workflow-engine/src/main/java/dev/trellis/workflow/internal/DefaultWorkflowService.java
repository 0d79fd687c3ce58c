package dev.trellis.workflow.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.ConflictException;
import dev.trellis.core.ForbiddenException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.NotFoundException;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.security.UserAccount;
import dev.trellis.core.security.UserService;
import dev.trellis.rule.trigger.OutboxEvent;
import dev.trellis.rule.trigger.OutboxService;
import dev.trellis.workflow.ApprovalStatus;
import dev.trellis.workflow.ApprovalView;
import dev.trellis.workflow.FlowDefinition;
import dev.trellis.workflow.FlowDefinition.Trigger.On;
import dev.trellis.workflow.Inbox;
import dev.trellis.workflow.Page;
import dev.trellis.workflow.TaskAction;
import dev.trellis.workflow.TaskView;
import dev.trellis.workflow.TimelineEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.flowable.common.engine.api.FlowableException;
import org.flowable.common.engine.api.FlowableOptimisticLockingException;
import org.flowable.engine.RuntimeService;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** The workflow service: each call one transaction shared by Flowable, the flow tables and the record writes. */
public final class DefaultWorkflowService implements dev.trellis.workflow.WorkflowService {

    private final MetadataService metadata;
    private final Supplier<RecordService> records;
    private final UserService users;
    private final OutboxService outbox;
    private final TransactionTemplate tx;
    private final FlowVersions versions;
    private final FlowStore store;
    private final FlowStarter starter;
    private final TaskActions actions;
    private final RecordWrites writes;
    private final Summaries summaries;
    private final Supplier<RuntimeService> runtime;

    DefaultWorkflowService(MetadataService metadata, Supplier<RecordService> records, UserService users,
            OutboxService outbox, TransactionTemplate tx, FlowVersions versions, FlowStore store, FlowStarter starter,
            TaskActions actions, RecordWrites writes, Summaries summaries, Supplier<RuntimeService> runtime) {
        this.metadata = metadata;
        this.records = records;
        this.users = users;
        this.outbox = outbox;
        this.tx = tx;
        this.versions = versions;
        this.store = store;
        this.starter = starter;
        this.actions = actions;
        this.writes = writes;
        this.summaries = summaries;
        this.runtime = runtime;
    }

    @Override
    public ApprovalView submit(Actor actor, String app, String object, long recordId, String flow, String comment) {
        return inTransaction(() -> {
            PublishedApp published = metadata.published(app);
            published.getObject(object);
            FlowDefinition chosen = chooseFlow(published, object, flow);
            // a record the actor cannot read is a 404; its version saves the flow's status write a read
            Map<String, Object> record = records.get().get(actor, app, object, recordId, Set.of());
            if (!records.get().permissions(actor, app, object).edit()) {
                throw new ForbiddenException("submit-forbidden", "you may not change " + object + " records, so you "
                        + "cannot submit one");
            }
            return view(starter.start(versions.published(app, chosen.name()), recordId, RecordWrites.version(record),
                    actor, Map.of(), comment));
        });
    }

    private FlowDefinition chooseFlow(PublishedApp app, String object, String flow) {
        List<FlowDefinition> flows = versions.forObject(app, object);
        if (flow != null) {
            return flows.stream().filter(f -> f.name().equals(flow)).findFirst()
                    .orElseThrow(() -> new NotFoundException("flow-not-found", "app '" + app.name()
                            + "' has no published flow '" + flow + "' for " + object));
        }
        List<FlowDefinition> onSubmit = flows.stream().filter(f -> f.trigger().on() == On.SUBMIT).toList();
        if (onSubmit.size() != 1) {
            throw InvalidException.of(onSubmit.isEmpty() ? "flow-not-found" : "flow-ambiguous", "/flow",
                    onSubmit.isEmpty() ? object + " has no flow that starts on submit"
                            : object + " has several flows that start on submit: name one");
        }
        return onSubmit.getFirst();
    }

    @Override
    public ApprovalView withdraw(Actor actor, String app, String object, long recordId, String comment) {
        return inTransaction(() -> {
            records.get().get(actor, app, object, recordId, Set.of());
            var instance = store.running(app, object, recordId).orElseThrow(() -> new ConflictException(
                    "approval-not-running", object + " " + recordId + " is not in approval"));
            if (instance.get(FlowStore.SUBMITTER_ID) != actor.userId() && !actor.isAdmin()) {
                throw new ForbiddenException("withdraw-forbidden", "only the submitter withdraws an approval");
            }
            if (instance.get(FlowStore.ACTED)) {
                throw new ConflictException("withdraw-too-late", "an approver has already acted; ask them to return it");
            }
            long id = instance.get(FlowStore.ID);
            FlowDefinition definition = versions.load(app, instance.get(FlowStore.FLOW),
                    instance.get(FlowStore.FLOW_VERSION)).definition();
            store.end(id, ApprovalStatus.WITHDRAWN.value());
            store.action(id, null, null, actor.userId(), actor.username(), "withdraw", comment, null);
            runtime.get().deleteProcessInstance(instance.get(FlowStore.PROCESS_ID), "withdrawn");
            writes.set(app, object, recordId, Map.of(definition.statusField(), ApprovalStatus.WITHDRAWN.value()),
                    RecordWrites.writer(definition.name(), instance.get(FlowStore.SUBMITTER)));
            return view(store.instance(id).orElseThrow());
        });
    }

    @Override
    public TaskView act(Actor actor, long taskId, TaskAction action) {
        return inTransaction(() -> {
            FlowStore.TaskRow task = actions.claim(actor, actions.open(actor, taskId));
            return summaries.tasks(List.of(actions.act(actor, task, action))).getFirst();
        });
    }

    @Override
    public TaskView claim(Actor actor, long taskId) {
        return inTransaction(() -> {
            FlowStore.TaskRow task = actions.open(actor, taskId);
            if (task.assigneeId() != null) {
                throw new ConflictException("task-claimed", "task " + taskId + " is already yours");
            }
            return summaries.tasks(List.of(actions.claim(actor, task))).getFirst();
        });
    }

    @Override
    public TaskView task(Actor actor, long taskId) {
        FlowStore.TaskRow task = store.task(taskId).orElseThrow(() -> new NotFoundException("task-not-found",
                "there is no task " + taskId));
        boolean involved = task.assigneeId() != null && task.assigneeId() == actor.userId()
                || task.assigneeId() == null && TaskActions.candidates(actor).contains(task.candidate())
                || actor.isAdmin();
        if (!involved) {
            throw new NotFoundException("task-not-found", "there is no task " + taskId + " for you");
        }
        return summaries.tasks(List.of(task)).getFirst();
    }

    @Override
    public Page<TaskView> inbox(Actor actor, Inbox box, int limit, Long after) {
        int size = limit(limit);
        List<FlowStore.TaskRow> rows = switch (box) {
            case OPEN -> store.assignedTo(actor.userId(), size, after);
            case GROUP -> store.claimable(TaskActions.candidates(actor), size, after);
            case DONE -> store.doneBy(actor.userId(), size, after);
        };
        List<TaskView> tasks = summaries.tasks(rows);
        return new Page<>(tasks, tasks.size() < size ? null : tasks.getLast().id());
    }

    @Override
    public Page<ApprovalView> submitted(Actor actor, int limit, Long after) {
        int size = limit(limit);
        List<ApprovalView> approvals = summaries.approvals(store.submittedBy(actor.userId(), size, after));
        return new Page<>(approvals, approvals.size() < size ? null : approvals.getLast().id());
    }

    @Override
    public Optional<ApprovalView> approval(Actor actor, String app, String object, long recordId) {
        records.get().get(actor, app, object, recordId, Set.of());
        return store.latest(app, object, recordId).map(this::view);
    }

    @Override
    public List<TimelineEntry> timeline(Actor actor, String app, String object, long recordId) {
        records.get().get(actor, app, object, recordId, Set.of());
        return store.timeline(app, object, recordId);
    }

    @Override
    public int startRequested(int limit) {
        return outbox.consume(OutboxEvent.FLOW_START, limit, event -> {
            JsonNode payload = event.payload();
            String app = event.app();
            FlowVersions.LoadedFlow flow = versions.published(app, event.destination());
            if (!flow.definition().object().equals(event.object())) {
                throw new IllegalStateException("flow " + event.destination() + " runs for "
                        + flow.definition().object() + ", not " + event.object());
            }
            JsonNode who = payload.path("actor");
            Actor actor = users.findByUsername(who.path("username").asString())
                    .filter(u -> u.id() == who.path("id").asLong()).map(UserAccount::actor)
                    .orElseGet(() -> new Actor(who.path("id").asLong(), who.path("username").asString(), Set.of()));
            starter.start(flow, event.recordId(), null, actor, variables(payload.path("variables")),
                    "started by trigger " + event.source());
        });
    }

    /** Trigger variables as plain values: text, whole numbers, booleans; decimals and the rest as text. */
    private static Map<String, Object> variables(JsonNode node) {
        Map<String, Object> variables = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            JsonNode value = entry.getValue();
            Object plain = value.isString() ? value.stringValue() : value.isIntegralNumber() ? (Object) value.asLong()
                    : value.isBoolean() ? (Object) value.booleanValue() : value.isNull() ? null : value.toString();
            if (plain != null) {
                variables.put("var_" + entry.getKey(), plain);
            }
        }
        return variables;
    }

    private ApprovalView view(org.jooq.Record instance) {
        return summaries.approvals(List.of(instance)).getFirst();
    }

    private static int limit(int limit) {
        if (limit < 1 || limit > 200) {
            throw InvalidException.of("limit-invalid", "/limit", "limit is a whole number from 1 to 200");
        }
        return limit;
    }

    private <T> T inTransaction(Supplier<T> work) {
        try {
            return tx.execute(status -> RecordWrites.scoped(work));
        } catch (FlowableOptimisticLockingException e) {
            throw new ConflictException("approval-conflict", "someone acted on this approval at the same moment; "
                    + "reload and try again");
        } catch (FlowableException e) {
            throw FlowStarter.unwrap(e);
        }
    }
}
