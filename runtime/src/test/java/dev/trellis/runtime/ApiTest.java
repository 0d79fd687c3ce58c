package dev.trellis.runtime;

import dev.trellis.core.json.Json;
import dev.trellis.core.testing.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Base of the API tests: the whole application on a random port over the test JVM's one embedded
 * PostgreSQL, spoken to over real HTTP as a client would.
 */
@SpringBootTest(classes = TrellisApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ApiTest {

    public static final String ADMIN_PASSWORD = "admin-password-for-tests";

    @LocalServerPort
    protected int port;

    private final HttpClient client = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("trellis.db.url", () -> TestDatabase.database().jdbcUrl());
        registry.add("trellis.db.username", () -> TestDatabase.database().username());
        registry.add("trellis.admin.password", () -> ADMIN_PASSWORD);
    }

    /** A response: status, content type and the body parsed as JSON (null when empty). */
    public record Response(int status, String contentType, String text) {
        public JsonNode json() {
            return text.isEmpty() ? null : Json.parse(text);
        }
    }

    protected Response call(String method, String path, String body) {
        return call("admin", ADMIN_PASSWORD, method, path, body);
    }

    protected Response call(String user, String password, String method, String path, String body) {
        return callAuthorized(user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)), method, path, body);
    }

    /** A call with the given {@code Authorization} header ({@code Bearer trl_…}), or none when null. */
    protected Response callAuthorized(String authorization, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
