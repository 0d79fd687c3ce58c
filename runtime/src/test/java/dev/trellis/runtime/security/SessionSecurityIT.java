package dev.trellis.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.runtime.ApiTest;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The UI's session posture against the running application, as a browser would meet it: signing in
 * gives the session a new id (no session fixation), a form post without the CSRF token is refused, and a
 * session ends at the next request once its user is disabled.
 */
class SessionSecurityIT extends ApiTest {

    private static final Pattern SESSION = Pattern.compile("JSESSIONID=([^;]+)");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"");

    /** Follows no redirects and keeps no cookies: the test carries the session cookie itself. */
    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private record Page(int status, String session, String location, String body) {
    }

    private Page get(String path, String session) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (session != null) {
            request.header("Cookie", "JSESSIONID=" + session);
        }
        return send(request);
    }

    private Page postForm(String path, String session, String form) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (session != null) {
            request.header("Cookie", "JSESSIONID=" + session);
        }
        return send(request);
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String session = response.headers().allValues("Set-Cookie").stream().map(SESSION::matcher)
                    .filter(Matcher::find).map(m -> m.group(1)).findFirst().orElse(null);
            return new Page(response.statusCode(), session, response.headers().firstValue("Location").orElse(null),
                    response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String form(String username, String password, String csrf) {
        String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return csrf == null ? form : form + "&_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8);
    }

    /** The login page: its session id and the CSRF token in its form. */
    private record LoginPage(String session, String csrf) {
    }

    private LoginPage openLoginPage() {
        Page page = get("/login", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.session()).as("the login page starts a session for its CSRF token").isNotNull();
        Matcher csrf = CSRF.matcher(page.body());
        assertThat(csrf.find()).as("the login form carries a CSRF token").isTrue();
        return new LoginPage(page.session(), csrf.group(1));
    }

    @Test
    void signingInChangesTheSessionId() {
        LoginPage login = openLoginPage();

        Page signedIn = postForm("/login", login.session(), form("admin", ADMIN_PASSWORD, login.csrf()));
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.location()).doesNotContain("error");
        assertThat(signedIn.session()).isNotNull().isNotEqualTo(login.session());

        assertThat(get("/", signedIn.session()).body()).contains("Signed in as <b>admin</b>");
        Page planted = get("/", login.session());
        assertThat(planted.status()).as("the id from before the sign-in is not signed in").isEqualTo(302);
        assertThat(planted.location()).endsWith("/login");
    }

    @Test
    void aLoginPostWithoutTheCsrfTokenIsRefused() {
        LoginPage login = openLoginPage();
        assertThat(postForm("/login", login.session(), form("admin", ADMIN_PASSWORD, null)).status()).isEqualTo(403);
        assertThat(postForm("/login", login.session(), form("admin", ADMIN_PASSWORD, "forged")).status()).isEqualTo(403);
        assertThat(postForm("/login", null, form("admin", ADMIN_PASSWORD, login.csrf())).status()).isEqualTo(403);
    }

    @Test
    void aSessionEndsAtTheNextRequestOnceItsUserIsDisabled() {
        Response created = call("POST", "/api/v1/users",
                "{\"username\": \"session_user\", \"password\": \"session password\", \"roles\": [\"sales_rep\"]}");
        long id = created.json().get("id").asLong();
        LoginPage login = openLoginPage();
        Page signedIn = postForm("/login", login.session(), form("session_user", "session password", login.csrf()));
        String session = signedIn.session() == null ? login.session() : signedIn.session();
        assertThat(get("/", session).status()).isEqualTo(200);

        call("PUT", "/api/v1/users/" + id, "{\"enabled\": false, \"roles\": [\"sales_rep\"]}");
        Page after = get("/", session);
        assertThat(after.status()).isEqualTo(302);
        assertThat(after.location()).endsWith("/login");
    }
}
