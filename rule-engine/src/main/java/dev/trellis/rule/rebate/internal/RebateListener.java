package dev.trellis.rule.rebate.internal;

import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.record.FieldChange;
import dev.trellis.core.record.RecordAction;
import dev.trellis.core.record.RecordChangedEvent;
import dev.trellis.core.record.spi.RecordListener;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps the ledger up to date on every record write, inside the write's transaction. It listens to each
 * policy's source object and to every object the policy's joins reach (the order on the way to the partner,
 * the partner itself, records a bonus condition reads). A write that touches none of the columns a policy
 * reads is ignored; otherwise the partner and period where the record was (old values, at once) and where
 * it is (at commit) are recomputed — see {@link PendingRecomputes}.
 */
public final class RebateListener implements RecordListener {

    private record PendingKey(String app) {
    }

    private final Supplier<MetadataService> metadata;
    private final DSLContext dsl;
    private final RebatePolicies policies;
    private final RebateLedger ledger;
    private final Clock clock;

    RebateListener(Supplier<MetadataService> metadata, DSLContext dsl, RebatePolicies policies, RebateLedger ledger, Clock clock) {
        this.metadata = metadata;
        this.dsl = dsl;
        this.policies = policies;
        this.ledger = ledger;
        this.clock = clock;
    }

    @Override
    public boolean listensTo(String app, String object) {
        return !policies.watches(metadata.get().published(app), object).isEmpty();
    }

    @Override
    public void onChange(RecordChangedEvent event) {
        PublishedApp app = event.published();
        List<RebatePolicies.Watch> watches = policies.watches(app, event.object());
        if (watches.isEmpty()) {
            return;
        }
        Set<String> changed = new HashSet<>();
        Map<String, Object> old = new HashMap<>();
        for (FieldChange change : event.changes()) {
            changed.add(change.field());
            old.put(change.field(), change.oldValue());
        }
        PendingRecomputes pending = pending(app);
        for (RebatePolicies.Watch watch : watches) {
            if (event.action() == RecordAction.UPDATE && Collections.disjoint(changed, watch.hop().columns)) {
                continue;
            }
            if (event.action() == RecordAction.CREATE && watch.hop() != watch.plan().joins.root()) {
                // no record can lie behind a record just created: those that will point to it write events of their own
                continue;
            }
            boolean mayHaveMoved = event.action() == RecordAction.DELETE
                    || event.action() == RecordAction.UPDATE && !Collections.disjoint(changed, watch.keyColumns());
            if (mayHaveMoved) {
                pending.beforeFirstStatement();
                Table<?> before = SourceJoins.oldRow(watch.hop(), event.id(), old, event.action() != RecordAction.DELETE);
                pending.placedBefore(watch, pending.trips().fetch(watch.plan().placesOf(Map.of(watch.hop(), before), DSL.noCondition(),
                        List.of(watch.hop()))));
            }
            if (event.action() != RecordAction.DELETE) {
                pending.written(watch, event.id());
            }
        }
        pending.afterWrite();
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            pending.recomputeAll();
        }
    }

    /** The transaction's pending recomputes of the app, registered to run before it commits. */
    private PendingRecomputes pending(PublishedApp app) {
        LocalDate today = LocalDate.now(clock);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return new PendingRecomputes(app, dsl, policies, ledger, today);
        }
        PendingKey key = new PendingKey(app.name());
        PendingRecomputes pending = (PendingRecomputes) TransactionSynchronizationManager.getResource(key);
        if (pending == null) {
            PendingRecomputes created = new PendingRecomputes(app, dsl, policies, ledger, today);
            TransactionSynchronizationManager.bindResource(key, created);
            TransactionSynchronizationManager.registerSynchronization(created);
            TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void afterCompletion(int status) {
                            TransactionSynchronizationManager.unbindResourceIfPossible(key);
                        }
                    });
            pending = created;
        }
        return pending;
    }
}
