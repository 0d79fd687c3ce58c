package dev.trellis.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.runtime.ApiTest;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The security posture over HTTP: login throttling and its 401, a remembered Basic sign-in that still
 * notices a disable, API tokens, the organisation tree, users and the operation log.
 */
class SecurityApiIT extends ApiTest {

    private static final String PASSWORD = "a long enough password";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private record User(long id, String name) {
    }

    private User newUser(String prefix, String... roles) {
        String name = prefix + SEQUENCE.incrementAndGet();
        String roleList = Arrays.stream(roles).map(r -> '"' + r + '"')
                .collect(Collectors.joining(", "));
        Response created = call("POST", "/api/v1/users", """
                {"username": "%s", "password": "%s", "roles": [%s]}""".formatted(name, PASSWORD, roleList));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return new User(created.json().get("id").asLong(), name);
    }

    private Response as(User user, String method, String path, String body) {
        return call(user.name(), PASSWORD, method, path, body);
    }

    private List<JsonNode> log(String action, String target) {
        Response page = call("GET", "/api/v1/operation-log?limit=500&action=" + action, null);
        assertThat(page.status()).isEqualTo(200);
        return page.json().get("entries").valueStream().filter(e -> target.equals(e.get("target").asString())).toList();
    }

    private static void assertProblem(Response response, int status, String code) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("code").asString()).isEqualTo(code);
    }

    @Test
    void fiveWrongPasswordsLockTheAccountAndTheApiSaysUntilWhen() {
        User user = newUser("locked");
        for (int i = 0; i < 5; i++) {
            assertProblem(call(user.name(), "wrong password", "GET", "/api/v1/me", null), 401,
                    i < 4 ? "unauthenticated" : "account-locked");
        }
        Response locked = as(user, "GET", "/api/v1/me", null);
        assertProblem(locked, 401, "account-locked");
        assertThat(locked.json().get("detail").asString()).matches(
                "too many failed sign-ins; try again after \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

        List<JsonNode> failures = log("login.failure", user.name());
        assertThat(failures).hasSize(5).allSatisfy(e -> assertThat(e.get("client").asString()).isEqualTo("127.0.0.1"));
        assertThat(log("login.locked", user.name())).hasSize(1);

        // an administrator's new password lifts the lock
        assertThat(call("PUT", "/api/v1/users/" + user.id() + "/password", "{\"password\": \"" + PASSWORD + "\"}")
                .status()).isEqualTo(204);
        assertThat(as(user, "GET", "/api/v1/me", null).status()).isEqualTo(200);
    }

    @Test
    void aRememberedBasicSignInIsLoggedOnceAndStillEndsWhenTheUserIsDisabled() {
        User user = newUser("remembered", "sales_rep");
        for (int i = 0; i < 3; i++) {
            assertThat(as(user, "GET", "/api/v1/me", null).status()).isEqualTo(200);
        }
        assertThat(log("login.success", user.name())).hasSize(1);

        assertThat(call("PUT", "/api/v1/users/" + user.id(), "{\"enabled\": false, \"roles\": [\"sales_rep\"]}")
                .status()).isEqualTo(200);
        assertProblem(as(user, "GET", "/api/v1/me", null), 401, "unauthenticated");
        assertThat(log("user.update", user.name())).singleElement()
                .satisfies(e -> assertThat(e.get("detail").get("enabled").toString()).isEqualTo("[true,false]"));
    }

    @Test
    void aRoleChangeAppliesToTheNextRequestOfARememberedSignIn() {
        User user = newUser("promoted", "sales_rep");
        assertThat(as(user, "GET", "/api/v1/me", null).json().get("roles").toString()).isEqualTo("[\"sales_rep\"]");
        call("PUT", "/api/v1/users/" + user.id(), "{\"enabled\": true, \"roles\": [\"sales_manager\"]}");
        assertThat(as(user, "GET", "/api/v1/me", null).json().get("roles").toString())
                .isEqualTo("[\"sales_manager\"]");
    }

    @Test
    void anApiTokenActsWithItsOneRoleUntilItIsRevoked() {
        User user = newUser("integration", "sales_rep", "sales_manager");
        Response created = as(user, "POST", "/api/v1/tokens", "{\"name\": \"ERP\", \"role\": \"sales_rep\","
                + " \"expiresAt\": \"2099-01-01T00:00:00Z\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String secret = created.json().get("secret").asString();
        long id = created.json().get("token").get("id").asLong();
        assertThat(secret).startsWith("trl_");

        Response me = callAuthorized("Bearer " + secret, "GET", "/api/v1/me", null);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("username").asString()).isEqualTo(user.name());
        assertThat(me.json().get("roles").toString()).isEqualTo("[\"sales_rep\"]");

        Response listed = as(user, "GET", "/api/v1/tokens", null);
        assertThat(listed.json()).singleElement().satisfies(t -> {
            assertThat(t.get("name").asString()).isEqualTo("ERP");
            assertThat(t.has("secret")).isFalse();
            assertThat(t.get("lastUsedAt").isNull()).isFalse();
        });
        assertThat(listed.text()).doesNotContain(secret);

        assertThat(as(user, "DELETE", "/api/v1/tokens/" + id, null).status()).isEqualTo(204);
        Response refused = callAuthorized("Bearer " + secret, "GET", "/api/v1/me", null);
        assertProblem(refused, 401, "token-invalid");
        assertThat(log("token", "token/" + id)).extracting(e -> e.get("action").asString())
                .containsExactly("token.revoke", "token.create");
    }

    @Test
    void aTokenCannotReachBeyondItsRoleOrBeMadeForARoleTheUserLacks() {
        User user = newUser("limited", "sales_rep");
        assertProblem(as(user, "POST", "/api/v1/tokens", "{\"name\": \"x\", \"role\": \"admin\"}"), 400,
                "token-role-not-held");
        String adminToken = call("POST", "/api/v1/tokens", "{\"name\": \"ops\", \"role\": \"admin\"}").json()
                .get("secret").asString();
        assertThat(callAuthorized("Bearer " + adminToken, "GET", "/api/v1/operation-log?limit=1", null).status())
                .isEqualTo(200);
        String repToken = as(user, "POST", "/api/v1/tokens", "{\"name\": \"rep\", \"role\": \"sales_rep\"}").json()
                .get("secret").asString();
        assertProblem(callAuthorized("Bearer " + repToken, "GET", "/api/v1/operation-log", null), 403,
                "operation-log-forbidden");
        assertProblem(callAuthorized("Bearer trl_nonsense", "GET", "/api/v1/me", null), 401, "token-invalid");
    }

    @Test
    void theOrganisationTreeThroughTheApi() {
        Response root = call("POST", "/api/v1/departments", "{\"code\": \"API-HQ\", \"name\": \"Head office\"}");
        assertThat(root.status()).as(root.text()).isEqualTo(201);
        long rootId = root.json().get("id").asLong();
        Response child = call("POST", "/api/v1/departments",
                "{\"code\": \"API-EAST\", \"name\": \"East\", \"parentId\": " + rootId + "}");
        long childId = child.json().get("id").asLong();
        assertThat(child.json().get("path").asString()).isEqualTo("/" + rootId + "/" + childId + "/");

        Response cycle = call("PUT", "/api/v1/departments/" + rootId,
                "{\"code\": \"API-HQ\", \"name\": \"Head office\", \"parentId\": " + childId + "}");
        assertProblem(cycle, 400, "department-parent-cycle");
        assertThat(cycle.json().get("problems").get(0).get("path").asString()).isEqualTo("/parentId");

        User clerk = newUser("deptclerk", "sales_rep");
        assertThat(as(clerk, "GET", "/api/v1/departments", null).status()).isEqualTo(200);
        assertProblem(as(clerk, "DELETE", "/api/v1/departments/" + childId, null), 403, "department-change-forbidden");
        assertProblem(call("DELETE", "/api/v1/departments/" + rootId, null), 409, "department-has-children");
        assertThat(call("DELETE", "/api/v1/departments/" + childId, null).status()).isEqualTo(204);
    }

    @Test
    void aUserUpdateIsCheckedAndUsersChangeTheirOwnPassword() {
        User user = newUser("member", "sales_rep");
        Response bad = call("PUT", "/api/v1/users/" + user.id(), """
                {"enabled": true, "roles": ["admin"], "departmentId": 987654,
                 "partner": {"app": "nowhere", "id": 1}}""");
        assertProblem(bad, 400, "invalid");
        assertThat(bad.json().get("problems").valueStream().map(p -> p.get("path").asString()).toList())
                .containsExactlyInAnyOrder("/departmentId", "/partner/app", "/roles");

        assertProblem(as(user, "PUT", "/api/v1/users/" + user.id() + "/password",
                "{\"password\": \"another long password\", \"currentPassword\": \"wrong\"}"), 400,
                "password-current-wrong");
        assertThat(as(user, "PUT", "/api/v1/users/" + user.id() + "/password",
                "{\"password\": \"another long password\", \"currentPassword\": \"" + PASSWORD + "\"}").status())
                .isEqualTo(204);
        assertThat(call(user.name(), "another long password", "GET", "/api/v1/users/" + user.id(), null).json()
                .get("username").asString()).isEqualTo(user.name());
    }

    @Test
    void onlyAdministratorsReadTheOperationLogInKeysetPages() {
        User clerk = newUser("logreader", "sales_rep");
        assertProblem(as(clerk, "GET", "/api/v1/operation-log", null), 403, "operation-log-forbidden");
        assertProblem(call("GET", "/api/v1/operation-log?limit=0", null), 400, "limit-invalid");

        JsonNode first = call("GET", "/api/v1/operation-log?limit=2", null).json();
        assertThat(first.get("entries")).hasSize(2);
        long before = first.get("before").asLong();
        JsonNode second = call("GET", "/api/v1/operation-log?limit=2&before=" + before, null).json();
        assertThat(second.get("entries").get(0).get("id").asLong()).isLessThan(before);
    }
}
