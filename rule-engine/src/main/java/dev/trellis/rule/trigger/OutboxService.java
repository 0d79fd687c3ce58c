package dev.trellis.rule.trigger;

import dev.trellis.core.Actor;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The outbox: what triggers asked to happen outside the database, and how it went. */
public interface OutboxService {

    Optional<OutboxEvent> find(long id);

    /** The events written for a record, oldest first. */
    List<OutboxEvent> forRecord(String app, String object, long recordId);

    /** Every delivery attempt of a webhook event, first attempt first. */
    List<WebhookDelivery> deliveries(long id);

    /**
     * Handles up to {@code limit} due events of a type, each in a transaction of its own: the event is
     * locked (other nodes skip it), handed to {@code handler} and marked done when the handler returns, in the
     * same transaction, so what the handler writes and the event's completion commit together. A handler
     * that throws rolls its work back; the event is retried later with backoff. Returns how many were handled.
     */
    int consume(String type, int limit, Consumer<OutboxEvent> handler);

    /** Administrators: makes a failed or waiting event due now, with its attempts counted from zero. */
    void retry(Actor actor, long id);
}
