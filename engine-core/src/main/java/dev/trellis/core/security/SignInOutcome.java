package dev.trellis.core.security;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * What a password check came to. A caller that only needs the account uses {@link #accepted()}; one that
 * talks to people tells a locked account apart, because "try again later" is what the person can act on.
 */
public sealed interface SignInOutcome {

    /** The password matched an enabled account that is not locked. */
    record Accepted(UserAccount account) implements SignInOutcome {
    }

    /** Unknown user, wrong password or disabled account; which one is deliberately not said. */
    record Refused() implements SignInOutcome {
    }

    /** Too many wrong passwords in a row: every password is refused until {@code until}. */
    record Locked(OffsetDateTime until) implements SignInOutcome {

        public String message() {
            return "too many failed sign-ins; try again after " + until.toInstant().truncatedTo(ChronoUnit.SECONDS);
        }
    }

    default Optional<UserAccount> accepted() {
        return this instanceof Accepted a ? Optional.of(a.account()) : Optional.empty();
    }
}
