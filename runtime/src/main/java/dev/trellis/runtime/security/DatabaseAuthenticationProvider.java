package dev.trellis.runtime.security;

import dev.trellis.core.security.SignInOutcome;
import dev.trellis.core.security.UserAccount;
import dev.trellis.core.security.UserService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Checks a username and password against the users in the database, which counts failures, locks after
 * too many and logs every check with the client's address.
 *
 * <p>API clients send HTTP Basic credentials with every request, and a password hash takes tens of
 * milliseconds to check by design, so the API's instance remembers a successful check for
 * {@code remember} under a SHA-256 digest of the credentials (the password itself is never kept). Only
 * the hash check is skipped: a remembered sign-in still reads the account on every request, so a lock,
 * a disable or a change of roles counts from the next request on, on every node. A changed password is
 * the one thing noticed only when the memory ends (at most {@code remember} later on a node that checked
 * the old one); disable the user to cut access at once. As the service is asked only when nothing is
 * remembered, the log gets every failure but only the first success of each period, not every request.
 * The login page's instance remembers nothing: each sign-in there is checked and logged.
 */
final class DatabaseAuthenticationProvider implements AuthenticationProvider {

    private static final int MAX_REMEMBERED = 10_000;

    private record Remembered(String username, long until) {
    }

    private final UserService users;
    private final Duration remember;
    private final Map<String, Remembered> recent = new ConcurrentHashMap<>();

    DatabaseAuthenticationProvider(UserService users, Duration remember) {
        this.users = users;
        this.remember = remember;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = authentication.getName();
        String password = authentication.getCredentials() == null ? null : authentication.getCredentials().toString();
        String key = digest(username + '\u0000' + password);
        UserAccount account = rememberedAccount(key);
        if (account == null) {
            account = switch (users.authenticate(username, password, client(authentication))) {
                case SignInOutcome.Accepted accepted -> accepted.account();
                case SignInOutcome.Locked locked -> throw new LockedException(locked.message());
                case SignInOutcome.Refused refused -> throw new BadCredentialsException("wrong username or password");
            };
            remember(key, account);
        }
        return TrellisPrincipal.authenticated(account.actor());
    }

    /** The account as it is now, if these credentials were checked recently and it may still sign in. */
    private UserAccount rememberedAccount(String key) {
        Remembered remembered = recent.get(key);
        if (remembered == null) {
            return null;
        }
        if (remembered.until - System.nanoTime() <= 0) {
            recent.remove(key);
            return null;
        }
        UserAccount account = users.findActive(remembered.username).orElse(null);
        if (account == null) {
            // locked or disabled since: forget, and let the full check refuse and log it
            recent.remove(key);
        }
        return account;
    }

    private void remember(String key, UserAccount account) {
        if (remember.isZero()) {
            return;
        }
        if (recent.size() >= MAX_REMEMBERED) {
            recent.clear();
        }
        recent.put(key, new Remembered(account.username(), System.nanoTime() + remember.toNanos()));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    static String client(Authentication authentication) {
        return authentication.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : null;
    }

    private static String digest(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
