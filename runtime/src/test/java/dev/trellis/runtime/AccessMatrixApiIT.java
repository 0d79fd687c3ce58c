package dev.trellis.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.Actor;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.security.UserService;
import dev.trellis.core.testing.AccessFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The access matrix of the engine test, through the REST API as each user signs in: list with count,
 * get, patch, create and delete of every object, with the fields each response carries; then the
 * requests that try to go round it.
 */
class AccessMatrixApiIT extends ApiTest {

    private static final String APP = "acl_api";
    private static AccessFixture fixture;

    @Autowired
    MetadataService metadata;
    @Autowired
    RecordService records;
    @Autowired
    UserService users;
    @Autowired
    DSLContext dsl;

    @BeforeEach
    void install() {
        if (fixture == null) {
            Actor admin = users.findByUsername("admin").orElseThrow().actor();
            fixture = AccessFixture.install(APP, admin, metadata, records, users, dsl);
        }
    }

    private Response as(String user, String method, String path, String body) {
        return user.equals("admin") ? call(method, path, body)
                : call(fixture.usernames.get(user), AccessFixture.PASSWORD, method, path, body);
    }

    private static String base(String object) {
        return "/api/v1/apps/" + APP + "/records/" + object;
    }

    private static long id(String key) {
        return fixture.records.get(key).id();
    }

    @Test
    void everyUserGetsExactlyTheirRecordsAndFieldsOverHttp() {
        List<String> mismatches = new ArrayList<>();
        int cells = 0;
        for (String user : fixture.actors.keySet()) {
            for (String object : fixture.objects()) {
                AccessFixture.Expectation expected = fixture.expect(user, object);
                cells += 2;
                Response page = as(user, "POST", base(object) + "/query", "{\"limit\": 1000, \"count\": true}");
                if (expected.read() == null) {
                    expectStatus(mismatches, user + " query " + object, page, 403, "object-read-forbidden");
                } else if (page.status() != 200) {
                    mismatches.add(user + " query " + object + ": " + page.status() + " " + page.text());
                } else {
                    Set<String> seen = new TreeSet<>();
                    page.json().get("records").forEach(r -> {
                        seen.add(fixture.keyOf(object, r.get("id").longValue()));
                        checkFields(user, object, r, expected, mismatches);
                    });
                    if (!seen.equals(expected.read()) || page.json().get("total").intValue() != seen.size()) {
                        mismatches.add(user + " query " + object + ": got " + seen + " total "
                                + page.json().get("total") + ", expected " + expected.read());
                    }
                }
                for (String key : fixture.keysOf(object)) {
                    cells += 2;
                    Response get = as(user, "GET", base(object) + "/" + id(key), null);
                    if (expected.read() == null) {
                        expectStatus(mismatches, user + " get " + key, get, 403, "object-read-forbidden");
                    } else if (expected.read().contains(key)) {
                        expectStatus(mismatches, user + " get " + key, get, 200, null);
                        if (get.status() == 200) {
                            checkFields(user, object, get.json(), expected, mismatches);
                        }
                    } else {
                        expectStatus(mismatches, user + " get " + key, get, 404, "record-not-found");
                    }
                    int version = call("GET", base(object) + "/" + id(key), null).json().get("version").intValue();
                    Response patch = as(user, "PATCH", base(object) + "/" + id(key),
                            "{\"version\": " + version + ", \"note\": \"api " + user + " " + System.nanoTime() + "\"}");
                    if (expected.edit() == null) {
                        expectStatus(mismatches, user + " patch " + key, patch, 403, "object-edit-forbidden");
                    } else if (expected.edit().contains(key)) {
                        expectStatus(mismatches, user + " patch " + key, patch, 200, null);
                    } else if (expected.read() != null && expected.read().contains(key)) {
                        expectStatus(mismatches, user + " patch " + key, patch, 403, "record-edit-forbidden");
                    } else {
                        expectStatus(mismatches, user + " patch " + key, patch, 404, "record-not-found");
                    }
                }
                cells += 2;
                Response created = as(user, "POST", base(object), fixture.newRecord(user, object));
                expectStatus(mismatches, user + " create " + object, created, expected.create() ? 201 : 403,
                        expected.create() ? null : "object-create-forbidden");
                long target = created.status() == 201 ? created.json().get("id").longValue()
                        : call("POST", base(object), fixture.newRecord(user, object)).json().get("id").longValue();
                Response deleted = as(user, "DELETE", base(object) + "/" + target, null);
                expectStatus(mismatches, user + " delete " + object, deleted, expected.delete() ? 204 : 403,
                        expected.delete() ? null : "object-delete-forbidden");
                if (deleted.status() != 204) {
                    call("DELETE", base(object) + "/" + target, null);
                }
            }
        }
        assertThat(mismatches).isEmpty();
        System.out.printf("access matrix (REST API): %d users x %d objects, %d cells, all as expected%n",
                fixture.actors.size(), fixture.objects().size(), cells);
        assertThat(cells).isGreaterThan(500);
    }

    private static void expectStatus(List<String> mismatches, String what, Response response, int status, String code) {
        if (response.status() != status || code != null && !code.equals(response.json().path("code").asString(""))) {
            mismatches.add(what + ": " + response.status() + " " + response.text() + ", expected " + status + " " + code);
        }
    }

    private static void checkFields(String user, String object, JsonNode record, AccessFixture.Expectation expected,
            List<String> mismatches) {
        Set<String> visible = fixture.visibleFields(object, expected);
        Set<String> got = new TreeSet<>(record.propertyNames());
        got.remove("_expanded");
        if (!got.equals(visible)) {
            mismatches.add(user + " " + object + " fields: got " + got + ", expected " + visible);
        }
    }

    @Test
    void requestsThatReachForAnotherPartnersDataAreRefusedOrComeBackEmpty() {
        // a filter on the other partner, through the lookup
        Response filtered = as("p_a", "POST", base("sales_order") + "/query",
                "{\"filter\": {\"field\": \"partner\", \"op\": \"eq\", \"value\": " + id("B") + "}, \"count\": true}");
        assertThat(filtered.status()).isEqualTo(200);
        assertThat(filtered.json().get("total").intValue()).isZero();
        // sorting by a field the user may not see would leak its order
        Response sorted = as("p_a", "GET", base("sales_order") + "?sort=-cost", null);
        assertThat(sorted.status()).isEqualTo(403);
        assertThat(sorted.json().get("code").stringValue()).isEqualTo("field-forbidden");
        // expanding the order of a line: own partner's only, without internal fields
        Response lines = as("p_b", "GET", base("order_line") + "?expand=sales_order,product", null);
        assertThat(lines.status()).isEqualTo(200);
        lines.json().get("records").forEach(line -> {
            assertThat(line.get("_expanded").get("sales_order").get("partner").longValue()).isEqualTo(id("B"));
            assertThat(line.get("_expanded").get("sales_order").has("cost")).isFalse();
            assertThat(line.has("margin")).isFalse();
        });
        // a bulk create with one order for the other partner: 403 naming the row, nothing written
        int before = call("POST", base("sales_order") + "/query", "{\"count\": true}").json().get("total").intValue();
        Response bulk = as("p_a", "POST", base("sales_order") + "/bulk",
                "{\"records\": [{\"partner\": " + id("A") + "}, {\"partner\": " + id("B") + "}]}");
        assertThat(bulk.status()).isEqualTo(403);
        assertThat(bulk.json().get("problems").get(0).get("path").stringValue()).isEqualTo("/records/1/partner");
        assertThat(call("POST", base("sales_order") + "/query", "{\"count\": true}").json().get("total").intValue())
                .isEqualTo(before);
        // the history of a record out of reach does not exist for them
        assertThat(as("p_a", "GET", base("sales_order") + "/" + id("o3") + "/history", null).status()).isEqualTo(404);
        // permissions say what the user may do
        Response permissions = as("rep_east", "GET", base("sales_order") + "/permissions", null);
        assertThat(permissions.json().get("hiddenFields").get(0).stringValue()).isEqualTo("cost");
        assertThat(permissions.json().get("readOnlyFields").get(0).stringValue()).isEqualTo("discount");
        // a manual share over HTTP, by the owner
        long repWest = fixture.actors.get("rep_west").userId();
        assertThat(as("rep_west", "GET", base("sales_order") + "/" + id("o1"), null).status()).isEqualTo(404);
        Response share = as("rep_east", "PUT", base("sales_order") + "/" + id("o1") + "/shares/" + repWest,
                "{\"access\": \"read\"}");
        assertThat(share.status()).isEqualTo(200);
        assertThat(as("rep_west", "GET", base("sales_order") + "/" + id("o1"), null).status()).isEqualTo(200);
        assertThat(as("rep_east", "DELETE", base("sales_order") + "/" + id("o1") + "/shares/" + repWest, null).status())
                .isEqualTo(204);
        assertThat(as("rep_west", "GET", base("sales_order") + "/" + id("o1"), null).status()).isEqualTo(404);
    }
}
