package dev.trellis.runtime.security;

import dev.trellis.core.Actor;
import dev.trellis.core.security.ApiTokenService;
import dev.trellis.runtime.api.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signs in an API request that carries {@code Authorization: Bearer trl_…}. Every request asks the token
 * service (one indexed lookup, no password hash), so a revoked token is refused from the next request on.
 * A request with a bearer token that does not work is answered 401 here and goes no further: falling back
 * to other credentials would hide the integration's broken token.
 */
final class ApiTokenFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final ApiTokenService tokens;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    ApiTokenFilter(ApiTokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Actor> actor = tokens.authenticate(header.substring(BEARER.length()).trim(), request.getRemoteAddr());
        if (actor.isEmpty()) {
            contexts.clearContext();
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"Trellis\", error=\"invalid_token\"");
            ProblemResponses.write(response, HttpStatus.UNAUTHORIZED, "token-invalid",
                    "the API token is unknown, expired or revoked, or its user may no longer use it", false);
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(TrellisPrincipal.authenticated(actor.get()));
        contexts.setContext(context);
        chain.doFilter(request, response);
    }
}
