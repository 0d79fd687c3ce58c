package dev.trellis.rule.trigger.internal;

import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.record.RecordChangedEvent;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.record.spi.RecordListener;
import dev.trellis.rule.ExpressionService;
import dev.trellis.rule.trigger.TriggerDefinition;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.jooq.DSLContext;

/**
 * Runs an object's triggers on each of its record writes, inside the write's transaction: those in force
 * today that handle the event, by order then name, each when its condition holds. A trigger that fails
 * fails the write, which is rolled back with everything the triggers did.
 */
public final class TriggerListener implements RecordListener {

    private final MetadataService metadata;
    private final Supplier<RecordService> records;
    private final ExpressionService expressions;
    private final NotificationStore notifications;
    private final OutboxStore outbox;
    private final Runnable committed;
    private final Clock clock;
    private final TriggerStack stack = new TriggerStack();

    /**
     * @param records   the record service, asked for on first use: it is built with this listener among its own
     * @param committed run after a transaction that queued a webhook commits (wakes the dispatcher)
     */
    public TriggerListener(MetadataService metadata, Supplier<RecordService> records, ExpressionService expressions,
            DSLContext dsl, Runnable committed, Clock clock) {
        this.metadata = metadata;
        this.records = records;
        this.expressions = expressions;
        this.notifications = new NotificationStore(dsl);
        this.outbox = new OutboxStore(dsl);
        this.committed = committed;
        this.clock = clock;
    }

    private record TriggersKey(String object) {
    }

    /** The object's triggers, compiled once per generation, in the order they run. */
    List<CompiledTrigger> triggersOf(PublishedApp app, String object) {
        return app.compiled(new TriggersKey(object), p -> p.all(TriggerKind.NAME, TriggerDefinition.class).values()
                .stream()
                .filter(t -> t.object().equals(object))
                .sorted(Comparator.comparing(TriggerDefinition::order).thenComparing(TriggerDefinition::name))
                .map(t -> CompiledTrigger.compile(t, p.getObject(object), p::findObject,
                        (source, type) -> expressions.compiled(p, object, source, type)))
                .toList());
    }

    @Override
    public boolean listensTo(String app, String object) {
        return !triggersOf(metadata.published(app), object).isEmpty();
    }

    @Override
    public void onChange(RecordChangedEvent event) {
        PublishedApp app = event.published();
        LocalDate today = LocalDate.now(clock);
        List<CompiledTrigger> triggers = triggersOf(app, event.object()).stream()
                .filter(t -> t.handles(event.action()) && t.definition().inForce(today)).toList();
        if (triggers.isEmpty()) {
            return;
        }
        stack.enterEvent(event.actor());
        try {
            new TriggerRun(app, event, records.get(), notifications, outbox, stack, committed, clock).run(triggers);
        } finally {
            stack.leaveEvent();
        }
    }
}
