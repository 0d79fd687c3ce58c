package dev.trellis.rule.trigger.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.ForbiddenException;
import dev.trellis.core.NotFoundException;
import dev.trellis.core.security.OperationLog;
import dev.trellis.rule.trigger.OutboxEvent;
import dev.trellis.rule.trigger.OutboxService;
import dev.trellis.rule.trigger.WebhookDelivery;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** The outbox over {@link OutboxStore}; consumers' retries follow the webhook backoff settings. */
public final class DefaultOutboxService implements OutboxService {

    private final OutboxStore store;
    private final TransactionTemplate tx;
    private final Supplier<WebhookSettings> settings;
    private final OperationLog log;
    private final Clock clock;

    public DefaultOutboxService(DSLContext dsl, PlatformTransactionManager transactions,
            Supplier<WebhookSettings> settings, OperationLog log, Clock clock) {
        this.store = new OutboxStore(dsl);
        // each event is handled in a transaction of its own, even when the caller is in one
        this.tx = new TransactionTemplate(transactions);
        tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.settings = settings;
        this.log = log;
        this.clock = clock;
    }

    @Override
    public Optional<OutboxEvent> find(long id) {
        return store.find(id);
    }

    @Override
    public List<OutboxEvent> forRecord(String app, String object, long recordId) {
        return store.forRecord(app, object, recordId);
    }

    @Override
    public List<WebhookDelivery> deliveries(long id) {
        return store.deliveries(id);
    }

    @Override
    public int consume(String type, int limit, Consumer<OutboxEvent> handler) {
        int handled = 0;
        while (handled < limit) {
            long[] taken = {-1};
            Optional<OutboxEvent> event;
            try {
                event = tx.execute(status -> {
                    Optional<OutboxEvent> next = store.lockNext(type);
                    next.ifPresent(e -> {
                        taken[0] = e.id();
                        handler.accept(e);
                        store.markDone(e.id());
                    });
                    return next;
                });
            } catch (RuntimeException e) {
                if (taken[0] < 0) {
                    throw e;
                }
                // the handler's work is rolled back; the failed attempt is counted in a transaction of its own
                WebhookSettings s = settings.get();
                tx.executeWithoutResult(status -> {
                    int attempts = store.attempts(taken[0]) + 1;
                    store.markFailed(taken[0], e.toString(), attempts >= s.maxAttempts() ? null
                            : OffsetDateTime.now(clock).plus(s.backoff(attempts)));
                });
                handled++;
                continue;
            }
            if (event == null || event.isEmpty()) {
                return handled;
            }
            handled++;
        }
        return handled;
    }

    @Override
    public void retry(Actor actor, long id) {
        if (!actor.isAdmin()) {
            throw new ForbiddenException("outbox-retry-forbidden", "only administrators retry outbox events");
        }
        tx.executeWithoutResult(status -> {
            if (!store.retry(id)) {
                throw new NotFoundException("outbox-event-not-found", "no waiting or failed outbox event " + id);
            }
            log.record(actor, "outbox.retry", String.valueOf(id), Map.of());
        });
    }
}
