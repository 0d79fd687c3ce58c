package dev.trellis.core.security.internal;

import java.time.Duration;

/**
 * How many wrong passwords in a row lock an account, and for how long. Guessing a password through the
 * login page or HTTP Basic then takes years instead of hours, while a person who mistyped a few times
 * only waits a while.
 */
public record LoginThrottle(int maxFailures, Duration lockDuration) {

    public static final LoginThrottle DEFAULT = new LoginThrottle(5, Duration.ofMinutes(15));

    public LoginThrottle {
        if (maxFailures < 1 || lockDuration.isNegative() || lockDuration.isZero()) {
            throw new IllegalArgumentException("a lock needs at least one failure and a positive duration");
        }
    }
}
