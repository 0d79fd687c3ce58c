package dev.trellis.rule.trigger.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.InvalidException;
import dev.trellis.core.NotFoundException;
import dev.trellis.core.Problem;
import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.record.FieldChange;
import dev.trellis.core.record.RecordAction;
import dev.trellis.core.record.RecordChangedEvent;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.rule.Expression;
import dev.trellis.rule.ExpressionScope;
import dev.trellis.rule.MapRecordContext;
import dev.trellis.rule.trigger.OutboxEvent;
import dev.trellis.rule.trigger.TriggerActionException;
import dev.trellis.rule.trigger.TriggerDefinition.Recipient;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.node.ObjectNode;

/**
 * The triggers of one record event, run in order. Each sees the record as it is at that moment (earlier
 * triggers' set-fields included) and as it was before the write ({@code prior}, {@code isChanged}).
 *
 * <p>What a trigger writes goes through the record service, so field conversion, validation rules, audit
 * and the object's own triggers all apply. It writes as the platform — an administrator, since the user
 * whose write set the trigger off may not be allowed to change the fields a trigger maintains — under a name
 * that keeps the user: the audit shows {@code system (trigger escalate, for alice)}. Records a trigger
 * creates are owned by that user unless the action sets {@code owner_id}. Expressions still see the user
 * as {@code user} — in triggers that a trigger's write set off too.
 */
final class TriggerRun {

    private final PublishedApp app;
    private final RecordChangedEvent event;
    private final RecordService records;
    private final NotificationStore notifications;
    private final OutboxStore outbox;
    private final TriggerStack stack;
    private final Runnable committed;
    private final Clock clock;
    private final ExpressionScope scope;
    private final Actor user;
    private Map<String, Object> current;
    private Map<String, Object> prior;

    TriggerRun(PublishedApp app, RecordChangedEvent event, RecordService records, NotificationStore notifications,
            OutboxStore outbox, TriggerStack stack, Runnable committed, Clock clock) {
        this.app = app;
        this.event = event;
        this.records = records;
        this.notifications = notifications;
        this.outbox = outbox;
        this.stack = stack;
        this.committed = committed;
        this.clock = clock;
        this.scope = ExpressionScope.of(app, event.object());
        this.user = stack.origin();
    }

    void run(List<CompiledTrigger> triggers) {
        if (event.action() == RecordAction.DELETE) {
            // the record is gone: what the event says it held is all there is
            current = new LinkedHashMap<>();
            current.put(ObjectTable.ID, event.id());
            event.changes().forEach(c -> current.put(c.field(), c.oldValue()));
            prior = current;
        } else {
            current = load();
            if (event.action() == RecordAction.UPDATE) {
                prior = new LinkedHashMap<>(current);
                event.changes().forEach(c -> prior.put(c.field(), c.oldValue()));
            }
        }
        for (CompiledTrigger trigger : triggers) {
            if (!trigger.fires(context())) {
                continue;
            }
            TriggerStack.Frame frame = new TriggerStack.Frame(app.name(), trigger.name(), event.object(), event.id());
            if (!stack.enter(frame)) {
                continue;
            }
            try {
                List<CompiledTrigger.Step> steps = trigger.steps();
                for (int i = 0; i < steps.size(); i++) {
                    perform(trigger, i, steps.get(i));
                }
            } finally {
                stack.leave(frame);
            }
        }
    }

    private MapRecordContext context() {
        return new MapRecordContext(scope, current, prior, user, this::related);
    }

    private Map<String, Object> load() {
        return records.get(Actor.system(), app.name(), event.object(), event.id(), Set.of());
    }

    /** A record a lookup points at, read as the platform: what a trigger computes does not depend on who wrote. */
    private Map<String, Object> related(String object, Long id) {
        try {
            return records.get(Actor.system(), app.name(), object, id, Set.of());
        } catch (NotFoundException e) {
            return null;
        }
    }

    private void perform(CompiledTrigger trigger, int index, CompiledTrigger.Step step) {
        try {
            switch (step) {
                case CompiledTrigger.SetFields s -> setFields(trigger, s);
                case CompiledTrigger.CreateRecord c -> createRecord(trigger, c);
                case CompiledTrigger.Notify n -> notify(trigger, n);
                case CompiledTrigger.Webhook w -> webhook(trigger, w);
                case CompiledTrigger.StartFlow f -> startFlow(trigger, f);
            }
        } catch (TriggerActionException e) {
            throw e; // already says which trigger and action, the innermost
        } catch (InvalidException e) {
            String where = "trigger " + trigger.name() + ", action " + index + " (" + step.action().type() + ")";
            throw new TriggerActionException(where + " on " + event.object() + " " + event.id() + ": " + e.getMessage(),
                    e.problems().stream().map(p -> {
                        Map<String, Object> args = new HashMap<>(p.args());
                        args.put("trigger", trigger.name());
                        args.put("action", index);
                        return new Problem(p.code(), p.path(), where + ": " + p.message(), args);
                    }).toList());
        }
    }

    private Actor writer(CompiledTrigger trigger) {
        return new Actor(0, "system (trigger " + trigger.name() + ", for " + user.username() + ")",
                Set.of(Actor.ADMIN_ROLE));
    }

    private ObjectNode values(List<CompiledTrigger.FieldValue> values) {
        MapRecordContext record = context();
        ObjectNode json = Json.object();
        for (CompiledTrigger.FieldValue value : values) {
            json.set(value.field().name(), FieldValues.toJson(value.field(), value.expression().evaluate(record)));
        }
        return json;
    }

    private void setFields(CompiledTrigger trigger, CompiledTrigger.SetFields step) {
        records.update(writer(trigger), app.name(), event.object(), event.id(), (Integer) current.get(ObjectTable.VERSION),
                values(step.values()));
        current = load(); // the update's own triggers may have changed more
    }

    private void createRecord(CompiledTrigger trigger, CompiledTrigger.CreateRecord step) {
        ObjectNode values = values(step.values());
        if (!values.has(ObjectTable.OWNER_ID)) {
            values.put(ObjectTable.OWNER_ID, user.userId());
        }
        records.create(writer(trigger), app.name(), step.object(), values);
        if (event.action() != RecordAction.DELETE) {
            current = load(); // the new record's triggers may have changed this one (a roll-up, say)
        }
    }

    private void notify(CompiledTrigger trigger, CompiledTrigger.Notify step) {
        Set<Long> users = new LinkedHashSet<>();
        Set<String> roles = new LinkedHashSet<>();
        for (Recipient recipient : step.recipients()) {
            if (recipient.role() != null) {
                roles.add(recipient.role());
            } else if (current.get(Boolean.TRUE.equals(recipient.owner()) ? ObjectTable.OWNER_ID : recipient.field())
                    instanceof Number id) {
                users.add(id.longValue());
            }
        }
        if (users.isEmpty() && roles.isEmpty()) {
            return;
        }
        MapRecordContext record = context();
        String title = (String) step.title().evaluate(record);
        String body = step.body() == null ? null : (String) step.body().evaluate(record);
        notifications.send(users, roles, app.name(), event.object(), event.id(), trigger.name(), title, body);
    }

    private void webhook(CompiledTrigger trigger, CompiledTrigger.Webhook step) {
        UUID eventId = UUID.randomUUID();
        ObjectNode payload = envelope(eventId, trigger);
        Map<String, Object> record = current;
        List<FieldChange> changes = event.changes();
        if (step.fields() != null) {
            record = new LinkedHashMap<>();
            record.put(ObjectTable.ID, event.id());
            for (String field : step.fields()) {
                record.put(field, current.get(field));
            }
            changes = changes.stream().filter(c -> step.fields().contains(c.field())).toList();
        }
        payload.set("record", Json.tree(record));
        ObjectNode changed = payload.putObject("changes");
        changes.forEach(c -> changed.set(c.field(), Json.tree(java.util.Arrays.asList(c.oldValue(), c.newValue()))));
        outbox.insert(eventId, OutboxEvent.WEBHOOK, app.name(), event.object(), event.id(), trigger.name(), step.url(),
                step.secret(), Json.write(payload));
        wakeAfterCommit();
    }

    private void startFlow(CompiledTrigger trigger, CompiledTrigger.StartFlow step) {
        UUID eventId = UUID.randomUUID();
        ObjectNode payload = envelope(eventId, trigger);
        payload.put("flow", step.flow());
        ObjectNode variables = payload.putObject("variables");
        MapRecordContext record = context();
        for (Map.Entry<String, Expression> variable : step.variables().entrySet()) {
            variables.set(variable.getKey(), Json.tree(variable.getValue().evaluate(record)));
        }
        outbox.insert(eventId, OutboxEvent.FLOW_START, app.name(), event.object(), event.id(), trigger.name(),
                step.flow(), null, Json.write(payload));
    }

    /** What every outbox event says about where it comes from. */
    private ObjectNode envelope(UUID eventId, CompiledTrigger trigger) {
        ObjectNode payload = Json.object();
        payload.put("eventId", eventId.toString());
        payload.put("event", event.object() + "." + event.action().jsonName());
        payload.put("app", app.name());
        payload.put("object", event.object());
        payload.put("recordId", event.id());
        payload.put("action", event.action().jsonName());
        payload.put("trigger", trigger.name());
        ObjectNode actor = payload.putObject("actor");
        actor.put("id", user.userId());
        actor.put("username", user.username());
        payload.put("occurredAt", OffsetDateTime.now(clock).toString());
        return payload;
    }

    private void wakeAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    committed.run();
                }
            });
        }
    }
}
