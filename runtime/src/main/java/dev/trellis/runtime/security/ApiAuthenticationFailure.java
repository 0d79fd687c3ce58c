package dev.trellis.runtime.security;

import dev.trellis.runtime.api.ProblemResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * How the API says 401, as a problem document. A locked account is told so, with the time to try again:
 * the one failure a person can do something about. Every other failure reads the same, so an answer
 * does not tell which usernames exist.
 */
final class ApiAuthenticationFailure implements AuthenticationEntryPoint {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof LockedException) {
            ProblemResponses.write(response, HttpStatus.UNAUTHORIZED, "account-locked", e.getMessage(), true);
        } else {
            ProblemResponses.write(response, HttpStatus.UNAUTHORIZED, "unauthenticated",
                    "sign in with HTTP Basic (a Trellis username and password) or an API token (Bearer trl_…)", true);
        }
    }
}
