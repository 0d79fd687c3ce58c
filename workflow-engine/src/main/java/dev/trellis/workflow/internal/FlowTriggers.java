package dev.trellis.workflow.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.record.FieldChange;
import dev.trellis.core.record.RecordAction;
import dev.trellis.core.record.RecordChangedEvent;
import dev.trellis.core.record.spi.RecordListener;
import dev.trellis.rule.ExpressionService;
import dev.trellis.rule.ValueType;
import dev.trellis.workflow.FlowDefinition;
import dev.trellis.workflow.FlowDefinition.Trigger.On;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the flows bound to an object when its records are written, inside the write's transaction: flows
 * that start on create, and flows whose condition became true (true now, false before the write or on
 * create). The flow's own writes never start a flow. Flows that start on submit start through
 * {@code WorkflowService.submit}; trigger actions ({@code start_flow}) through the outbox.
 */
final class FlowTriggers implements RecordListener {

    private final MetadataService metadata;
    private final FlowVersions versions;
    private final FlowStarter starter;
    private final RecordWrites writes;
    private final ExpressionService expressions;
    private final FlowStore store;

    FlowTriggers(MetadataService metadata, FlowVersions versions, FlowStarter starter, RecordWrites writes,
            ExpressionService expressions, FlowStore store) {
        this.metadata = metadata;
        this.versions = versions;
        this.starter = starter;
        this.writes = writes;
        this.expressions = expressions;
        this.store = store;
    }

    private List<FlowDefinition> automatic(PublishedApp app, String object) {
        return versions.forObject(app, object).stream().filter(f -> f.trigger().on() != On.SUBMIT).toList();
    }

    @Override
    public boolean listensTo(String app, String object) {
        return !automatic(metadata.published(app), object).isEmpty();
    }

    @Override
    public void onChange(RecordChangedEvent event) {
        if (event.action() == RecordAction.DELETE || ApprovalLock.inFlowWrite()) {
            return;
        }
        PublishedApp app = event.published();
        for (FlowDefinition flow : automatic(app, event.object())) {
            if (store.running(event.app(), event.object(), event.id()).isPresent()) {
                return;
            }
            boolean starts = flow.trigger().on() == On.CREATE ? event.action() == RecordAction.CREATE
                    : becameTrue(app, flow, event);
            if (starts) {
                starter.start(versions.published(event.app(), flow.name()), event.id(), null, event.actor(), Map.of(),
                        null);
            }
        }
    }

    private boolean becameTrue(PublishedApp app, FlowDefinition flow, RecordChangedEvent event) {
        var condition = expressions.compiled(app, flow.object(), flow.trigger().condition(), ValueType.BOOLEAN);
        Map<String, Object> now = writes.load(event.app(), event.object(), event.id());
        Actor user = event.actor();
        if (!Boolean.TRUE.equals(condition.evaluate(writes.context(app, flow.object(), now, user)))) {
            return false;
        }
        if (event.action() == RecordAction.CREATE) {
            return true;
        }
        Map<String, Object> before = new HashMap<>(now);
        for (FieldChange change : event.changes()) {
            before.put(change.field(), change.oldValue());
        }
        return !Boolean.TRUE.equals(condition.evaluate(writes.context(app, flow.object(), before, user)));
    }
}
