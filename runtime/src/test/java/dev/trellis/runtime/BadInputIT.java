package dev.trellis.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/** Every kind of bad request gets a precise 4xx problem document and changes nothing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT extends ApiTest {

    private static final String APP = "/api/v1/apps/badinput";

    @BeforeAll
    void publishApp() {
        call("PUT", APP + "/metadata/app/badinput", "{\"name\": \"badinput\"}");
        call("PUT", APP + "/metadata/object/partner", """
                {"name": "partner", "fields": [{"name": "name", "type": "text", "required": true},
                 {"name": "code", "type": "text", "unique": true}, {"name": "credit", "type": "currency"}]}""");
        assertThat(call("POST", APP + "/publish", "{}").status()).isEqualTo(200);
    }

    private static void assertProblem(Response response, int status, String code, String... paths) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode body = response.json();
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("code").asString()).isEqualTo(code);
        assertThat(body.get("problems").valueStream().map(p -> p.get("path").asString()).toList())
                .containsExactlyInAnyOrder(paths);
    }

    @Test
    void malformedJsonIs400() {
        assertProblem(call("PUT", APP + "/metadata/object/thing", "{\"name\": "), 400, "body-unreadable");
        assertProblem(call("POST", APP + "/records/partner", "[1, 2"), 400, "body-unreadable");
    }

    @Test
    void oddRequestsAreStill4xx() {
        assertProblem(call("GET", APP + "/records/partner?limit=0", null), 400, "query-limit-invalid", "/limit");
        assertProblem(call("POST", APP + "/records/partner/query", "{\"limit\": 99999999999999999999}"), 400,
                "query-limit-invalid", "/limit");
        assertProblem(call("PUT", APP + "/metadata/object/thing", "null"), 400, "schema-type", "");
        assertProblem(call("POST", "/api/v1/users", "{\"username\": \"long\", \"password\": \"" + "x".repeat(80)
                + "\"}"), 400, "password-too-long", "/password");
        assertProblem(call("DELETE", APP + "/publish", null), 405, "method-not-allowed");
        assertProblem(call("GET", "/api/v1/nothing-here", null), 404, "not-found");
    }

    @Test
    void schemaViolationsAre400WithJsonPaths() {
        assertProblem(call("PUT", APP + "/metadata/object/thing", """
                {"name": "thing", "fields": [{"name": "a", "type": "texty"}, {"name": "b", "type": "text", "requird": true}],
                 "colour": "red"}"""), 400, "invalid", "/fields/0/type", "/fields/1/requird", "/colour");
    }

    @Test
    void badIdentifiersAre400() {
        assertProblem(call("PUT", APP + "/metadata/object/thing", """
                {"name": "thing", "fields": [{"name": "drop table x", "type": "text"}, {"name": "select", "type": "text"},
                 {"name": "nаme", "type": "text"}, {"name": "owner_id", "type": "text"}]}"""),
                400, "invalid", "/fields/0/name", "/fields/1/name", "/fields/2/name", "/fields/3/name");
        assertThat(call("GET", APP + "/metadata/object/thing", null).status()).isEqualTo(404);
    }

    @Test
    void unknownAppObjectAndRecordAre404() {
        assertProblem(call("GET", "/api/v1/apps/nosuchapp/records/partner", null), 404, "app-not-published");
        assertProblem(call("GET", APP + "/records/nosuchobject", null), 404, "object-not-found");
        assertProblem(call("GET", APP + "/records/partner/987654", null), 404, "record-not-found");
        assertProblem(call("GET", APP + "/metadata/widget/x", null), 404, "kind-unknown");
        assertProblem(call("GET", APP + "/records/partner/abc", null), 400, "parameter-invalid", "id");
    }

    @Test
    void wrongTypeAndMissingRequiredAre400NamingTheField() {
        assertProblem(call("POST", APP + "/records/partner", "{\"credit\": \"a lot\"}"), 400, "invalid",
                "/credit", "/name");
    }

    @Test
    void duplicateUniqueIs409AndStaleVersionIs409() {
        JsonNode created = call("POST", APP + "/records/partner", "{\"name\": \"A\", \"code\": \"DUP-1\"}").json();
        assertProblem(call("POST", APP + "/records/partner", "{\"name\": \"B\", \"code\": \"DUP-1\"}"), 409,
                "value-duplicate", "/code");
        String path = APP + "/records/partner/" + created.get("id").asLong();
        assertThat(call("PATCH", path, "{\"version\": 1, \"name\": \"A2\"}").status()).isEqualTo(200);
        assertProblem(call("PATCH", path, "{\"version\": 1, \"name\": \"A3\"}"), 409, "version-stale", "/version");
        assertProblem(call("PATCH", path, "{\"name\": \"A4\"}"), 400, "version-required", "/version");
        assertThat(call("GET", path, null).json().get("name").asString()).isEqualTo("A2");
    }

    @Test
    void aFailedBulkCreateWritesNothing() {
        long before = call("GET", APP + "/records/partner?count=true&limit=1", null).json().get("total").asLong();
        assertProblem(call("POST", APP + "/records/partner/bulk", """
                {"records": [{"name": "ok 1"}, {"name": "ok 2", "credit": 12.345}, {"credit": 5}]}"""),
                400, "invalid", "/records/1/credit", "/records/2/name");
        assertThat(call("GET", APP + "/records/partner?count=true&limit=1", null).json().get("total").asLong())
                .isEqualTo(before);
        assertThat(call("POST", APP + "/records/partner/bulk", "{\"records\": [{\"name\": \"ok 1\"}, {\"name\": \"ok 2\"}]}")
                .json().get("created").asInt()).isEqualTo(2);
    }

    @Test
    void signInIsRequiredAndOnlyAdministratorsChangeMetadata() {
        assertProblem(call(null, null, "GET", APP + "/records/partner", null), 401, "unauthenticated");
        assertProblem(call("admin", "wrong", "GET", APP + "/records/partner", null), 401, "unauthenticated");
        call("POST", "/api/v1/users", "{\"username\": \"clerk\", \"password\": \"clerk-password\", \"roles\": [\"user\"]}");
        // a role no app defines grants nothing: records are refused by name, metadata too
        assertProblem(call("clerk", "clerk-password", "GET", APP + "/records/partner", null), 403,
                "object-read-forbidden");
        assertProblem(call("clerk", "clerk-password", "PUT", APP + "/metadata/object/partner", "{\"name\": \"partner\","
                + " \"fields\": []}"), 403, "metadata-edit-forbidden");
        assertProblem(call("clerk", "clerk-password", "POST", "/api/v1/users", "{\"username\": \"x\", \"password\":"
                + " \"long enough\"}"), 403, "user-create-forbidden");
    }

    @Test
    void destructiveChangeNeedsConfirmation() {
        call("PUT", APP + "/metadata/object/partner", """
                {"name": "partner", "fields": [{"name": "name", "type": "text", "required": true},
                 {"name": "code", "type": "text", "unique": true}]}""");
        assertThat(call("GET", APP + "/plan", null).json().get("steps").get(0).get("destructive").asBoolean()).isTrue();
        assertProblem(call("POST", APP + "/publish", "{}"), 409, "destructive-change-unconfirmed",
                "/object/partner/fields/credit");
        // put the field back: nothing to confirm any more
        call("PUT", APP + "/metadata/object/partner", """
                {"name": "partner", "fields": [{"name": "name", "type": "text", "required": true},
                 {"name": "code", "type": "text", "unique": true}, {"name": "credit", "type": "currency"}]}""");
        assertThat(call("POST", APP + "/publish", "{}").status()).isEqualTo(200);
    }
}
