package dev.trellis.runtime.security;

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
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Checks a username and password against the users in the database. API clients send HTTP Basic
 * credentials with every request and a password hash takes tens of milliseconds to check by design,
 * so a successful check is remembered for a minute under a SHA-256 digest of the credentials (the
 * password itself is never kept).
 */
final class DatabaseAuthenticationProvider implements AuthenticationProvider {

    private static final Duration REMEMBER = Duration.ofMinutes(1);
    private static final int MAX_REMEMBERED = 10_000;

    private record Remembered(UserAccount account, long until) {
    }

    private final UserService users;
    private final Map<String, Remembered> recent = new ConcurrentHashMap<>();

    DatabaseAuthenticationProvider(UserService users) {
        this.users = users;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = authentication.getName();
        String password = authentication.getCredentials() == null ? null : authentication.getCredentials().toString();
        String key = digest(username + '\u0000' + password);
        Remembered remembered = recent.get(key);
        long now = System.nanoTime();
        UserAccount account;
        if (remembered != null && remembered.until - now > 0) {
            account = remembered.account;
        } else {
            account = users.authenticate(username, password)
                    .orElseThrow(() -> new BadCredentialsException("wrong username or password"));
            if (recent.size() >= MAX_REMEMBERED) {
                recent.clear();
            }
            recent.put(key, new Remembered(account, now + REMEMBER.toNanos()));
        }
        var authorities = account.roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList();
        return UsernamePasswordAuthenticationToken.authenticated(new TrellisPrincipal(account), null, authorities);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private static String digest(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
