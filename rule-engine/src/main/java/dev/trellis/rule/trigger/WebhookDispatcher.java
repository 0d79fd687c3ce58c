package dev.trellis.rule.trigger;

/**
 * Delivers webhook events after their write commits: a background poller calls {@link #deliverDue()} every
 * {@code trellis.webhooks.poll-interval} and as soon as a write that queued a webhook commits. Events are
 * claimed with a lease, so several nodes (or a test calling it directly) never send one attempt twice.
 */
public interface WebhookDispatcher {

    /** Sends every webhook that is due now and records each attempt; returns how many were attempted. */
    int deliverDue();
}
