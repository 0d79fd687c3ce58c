package dev.trellis.workflow.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.Problem;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.record.spi.RecordCheck;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.workflow.ApprovalStatus;
import dev.trellis.workflow.FlowDefinition;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The lock on records in approval, as a record check so every write path obeys it: the approval status is
 * the flow's to set (a create may only leave it blank or draft), and a record in approval cannot change
 * except in the fields the current step lets its approvers edit, by those approvers. The flow's own writes
 * (status, fields set on completion, service steps) run inside {@link #asFlow}.
 */
final class ApprovalLock implements RecordCheck {

    private static final ThreadLocal<Integer> FLOW_WRITES = ThreadLocal.withInitial(() -> 0);

    private final FlowVersions versions;
    private final FlowStore store;

    ApprovalLock(FlowVersions versions, FlowStore store) {
        this.versions = versions;
        this.store = store;
    }

    /** Runs a write of the flow's own, which the lock lets through. */
    static <T> T asFlow(Supplier<T> write) {
        FLOW_WRITES.set(FLOW_WRITES.get() + 1);
        try {
            return write.get();
        } finally {
            FLOW_WRITES.set(FLOW_WRITES.get() - 1);
        }
    }

    /** Whether the current thread is inside a write of the flow's own. */
    static boolean inFlowWrite() {
        return FLOW_WRITES.get() > 0;
    }

    @Override
    public boolean appliesTo(PublishedApp app, String object) {
        return !versions.forObject(app, object).isEmpty();
    }

    @Override
    public void check(Actor actor, PublishedApp app, String object, Map<String, Object> after, Map<String, Object> before,
            BiFunction<String, Long, Map<String, Object>> related, List<Problem> problems) {
        if (FLOW_WRITES.get() > 0) {
            return;
        }
        Set<String> statusFields = new TreeSet<>();
        versions.forObject(app, object).stream().map(FlowDefinition::statusField).forEach(statusFields::add);
        boolean locked = false;
        for (String field : statusFields) {
            Object now = after.get(field);
            if (before == null) {
                if (now != null && !ApprovalStatus.DRAFT.value().equals(now)) {
                    problems.add(Problem.of("approval-status-managed", "/" + field, "a new record's approval status is "
                            + "draft; the flow sets it"));
                }
                continue;
            }
            if (!Objects.equals(now, before.get(field))) {
                problems.add(Problem.of("approval-status-managed", "/" + field, "the approval status is set by the "
                        + "flow: submit or withdraw the record instead"));
            }
            locked |= ApprovalStatus.IN_APPROVAL.value().equals(before.get(field));
        }
        if (locked) {
            checkLocked(actor, app.name(), object, after, before, problems);
        }
    }

    private void checkLocked(Actor actor, String app, String object, Map<String, Object> after,
            Map<String, Object> before, List<Problem> problems) {
        Set<String> changed = new TreeSet<>();
        after.forEach((field, value) -> {
            if (!ObjectTable.SYSTEM_COLUMNS.contains(field) && !same(value, before.get(field))) {
                changed.add(field);
            }
        });
        if (changed.isEmpty()) {
            return;
        }
        long id = ((Number) before.get(ObjectTable.ID)).longValue();
        Set<String> editable = new TreeSet<>();
        store.running(app, object, id).ifPresent(instance -> {
            FlowVersions.LoadedFlow flow = versions.load(app, instance.get(FlowStore.FLOW), instance.get(FlowStore.FLOW_VERSION));
            for (String step : store.openStepsOf(app, object, id, actor.userId())) {
                FlowDefinition.Step settings = flow.definition().steps().get(step);
                if (settings != null) {
                    editable.addAll(settings.editableFields());
                }
            }
        });
        for (String field : changed) {
            if (!editable.contains(field)) {
                problems.add(Problem.of("record-in-approval", "/" + field, "the record is in approval and locked; "
                        + (editable.isEmpty() ? "nothing can change until the approval ends"
                                : "as its approver you may change only " + String.join(", ", editable))));
            }
        }
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        return Objects.equals(a, b);
    }
}
