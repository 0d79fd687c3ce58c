package dev.trellis.rule.trigger;

import dev.trellis.core.Actor;

/**
 * The secrets webhooks are signed with, by app and name (a webhook action names its secret). Kept out of
 * metadata, which travels in packages; administrators only; every change is in the operation log.
 *
 * <p>A delivery carries {@code X-Trellis-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">};
 * a receiver recomputes it with the secret, compares in constant time and refuses old timestamps.
 */
public interface WebhookSecrets {

    /** Makes a new random secret (replacing an earlier one) and returns it: the only time it is shown. */
    String generate(Actor actor, String app, String name);

    /** Sets a secret the receiver chose (at least 16 characters). */
    void set(Actor actor, String app, String name, String secret);

    /** Removes a secret; webhooks that use it fail to deliver until it is set again. */
    void remove(Actor actor, String app, String name);
}
