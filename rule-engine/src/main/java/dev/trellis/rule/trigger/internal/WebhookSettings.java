package dev.trellis.rule.trigger.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.springframework.core.env.PropertyResolver;

/**
 * How webhooks are delivered, from the {@code trellis.webhooks.*} settings (durations in ISO-8601, PT30S):
 * <ul>
 * <li>{@code poll-interval} (PT2S): how often the background dispatcher looks for due deliveries besides
 * being woken when a write commits; PT0S runs no background dispatcher (a node that must not deliver).</li>
 * <li>{@code allow-private-addresses} (false): whether a webhook may call a loopback, private, link-local or
 * otherwise non-public address. Off, a URL whose host resolves to one is refused, so a trigger cannot be
 * turned against the installation's own network (SSRF).</li>
 * <li>{@code max-attempts} (8), {@code initial-backoff} (PT30S), {@code max-backoff} (PT1H): a failed
 * attempt is retried after the backoff, doubled after each failure up to the maximum, until the attempts
 * are spent.</li>
 * <li>{@code timeout} (PT10S): how long one attempt may take.</li>
 * </ul>
 */
public record WebhookSettings(Duration pollInterval, boolean allowPrivateAddresses, int maxAttempts,
        Duration initialBackoff, Duration maxBackoff, Duration timeout) {

    static final int BATCH = 50;

    public static final WebhookSettings DEFAULT = new WebhookSettings(Duration.ofSeconds(2), false, 8,
            Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofSeconds(10));

    /** The settings as the resolver has them now, the defaults for what it does not set. */
    public static WebhookSettings from(PropertyResolver settings) {
        return new WebhookSettings(
                duration(settings, "poll-interval", DEFAULT.pollInterval),
                settings.getProperty("trellis.webhooks.allow-private-addresses", Boolean.class,
                        DEFAULT.allowPrivateAddresses),
                settings.getProperty("trellis.webhooks.max-attempts", Integer.class, DEFAULT.maxAttempts),
                duration(settings, "initial-backoff", DEFAULT.initialBackoff),
                duration(settings, "max-backoff", DEFAULT.maxBackoff),
                duration(settings, "timeout", DEFAULT.timeout));
    }

    private static Duration duration(PropertyResolver settings, String key, Duration fallback) {
        String value = settings.getProperty("trellis.webhooks." + key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Duration.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("trellis.webhooks." + key + " is an ISO-8601 duration like PT30S, not '"
                    + value + "'", e);
        }
    }

    /** The wait before attempt {@code failed + 1} after {@code failed} failed attempts: doubling, capped. */
    public Duration backoff(int failed) {
        Duration delay = initialBackoff;
        for (int i = 1; i < failed && delay.compareTo(maxBackoff) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }

    /** How long a claimed delivery is hidden from other dispatchers: long enough for the attempt to end. */
    Duration lease() {
        return timeout.multipliedBy(2).plusSeconds(30);
    }
}
