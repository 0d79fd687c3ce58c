package dev.trellis.runtime.security;

import dev.trellis.core.security.UserAccount;
import dev.trellis.core.security.UserService;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads a UI session's account on every request (one indexed lookup), so a session does not outlive a
 * disable or a lock: the next request finds the session ended and goes to the login page. Roles changed
 * since the sign-in apply from the next request on as well.
 */
final class SessionAccountFilter extends OncePerRequestFilter {

    private final UserService users;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    SessionAccountFilter(UserService users) {
        this.users = users;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = contexts.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof TrellisPrincipal principal) {
            Optional<UserAccount> account = users.findActive(principal.getName());
            if (account.isEmpty()) {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                contexts.clearContext();
            } else if (!account.get().actor().equals(principal.actor())) {
                SecurityContext context = contexts.createEmptyContext();
                context.setAuthentication(TrellisPrincipal.authenticated(account.get().actor()));
                contexts.setContext(context);
            }
        }
        chain.doFilter(request, response);
    }
}
