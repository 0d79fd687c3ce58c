package dev.trellis.core.record;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.Actor;
import dev.trellis.core.ForbiddenException;
import dev.trellis.core.NotFoundException;
import dev.trellis.core.TrellisException;
import dev.trellis.core.security.UserService;
import dev.trellis.core.testing.AccessFixture;
import dev.trellis.core.testing.CoreContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The access matrix through the record service: for every user of the fixture and every object, which
 * records a query, a count and a get return, with which fields; which records an update may change;
 * whether create and delete are allowed. Then the ways round it: filters and expansions that reach for
 * another partner's data, sorting and filtering by hidden fields, lookups to records out of reach,
 * bulk creates with one bad row.
 */
class AccessMatrixIT {

    private static final String APP = "acl_it";
    private static AccessFixture fixture;
    private static RecordService records;

    @BeforeAll
    static void install() {
        records = CoreContext.records();
        fixture = AccessFixture.install(APP, ADMIN, CoreContext.metadata(), records,
                CoreContext.get().getBean(UserService.class), CoreContext.dsl());
    }

    private static Actor actor(String user) {
        return fixture.actors.get(user);
    }

    private static long id(String key) {
        return fixture.records.get(key).id();
    }

    private static String outcome(Runnable call) {
        try {
            call.run();
            return "ok";
        } catch (ForbiddenException e) {
            return "403 " + e.code();
        } catch (NotFoundException e) {
            return "404";
        } catch (TrellisException e) {
            return e.getClass().getSimpleName() + " " + e.code() + " " + e.problems();
        }
    }

    @Test
    void everyUserSeesExactlyTheirRecordsAndFieldsOfEveryObject() {
        List<String> mismatches = new ArrayList<>();
        int cells = 0;
        for (String user : fixture.actors.keySet()) {
            for (String object : fixture.objects()) {
                AccessFixture.Expectation expected = fixture.expect(user, object);
                Actor actor = actor(user);
                // query and count
                cells += 2;
                try {
                    RecordPage page = records.query(actor, APP, object,
                            RecordQuery.fromJson(json("{\"limit\": 1000, \"count\": true}")));
                    Set<String> seen = new TreeSet<>();
                    page.records().forEach(r -> seen.add(fixture.keyOf(object, (Long) r.get("id"))));
                    if (expected.read() == null || !seen.equals(expected.read())) {
                        mismatches.add(user + " query " + object + ": got " + seen + ", expected " + expected.read());
                    }
                    if (expected.read() != null && page.total() != expected.read().size()) {
                        mismatches.add(user + " count " + object + ": got " + page.total());
                    }
                    for (Map<String, Object> r : page.records()) {
                        checkFields(user, object, r, expected, mismatches);
                    }
                } catch (ForbiddenException e) {
                    if (expected.read() != null || !e.code().equals("object-read-forbidden")) {
                        mismatches.add(user + " query " + object + ": " + e.code());
                    }
                }
                for (String key : fixture.keysOf(object)) {
                    // get
                    cells++;
                    String get = outcome(() -> checkFields(user, object, records.get(actor, APP, object, id(key), Set.of()),
                            expected, mismatches));
                    String expectedGet = expected.read() == null ? "403 object-read-forbidden"
                            : expected.read().contains(key) ? "ok" : "404";
                    if (!get.equals(expectedGet)) {
                        mismatches.add(user + " get " + key + ": " + get + ", expected " + expectedGet);
                    }
                    // update of a field everybody who may edit may set
                    cells++;
                    int version = (Integer) records.get(ADMIN, APP, object, id(key), Set.of()).get("version");
                    String update = outcome(() -> records.update(actor, APP, object, id(key), version,
                            json("{\"note\": \"by " + user + " " + System.nanoTime() + "\"}")));
                    String expectedUpdate = expected.edit() == null ? "403 object-edit-forbidden"
                            : expected.edit().contains(key) ? "ok"
                            : expected.read() != null && expected.read().contains(key) ? "403 record-edit-forbidden" : "404";
                    if (!update.equals(expectedUpdate)) {
                        mismatches.add(user + " update " + key + ": " + update + ", expected " + expectedUpdate);
                    }
                }
                // create, then delete what was made (by the admin if the user may not)
                cells++;
                Map<String, Object>[] made = new Map[1];
                String create = outcome(() -> made[0] = records.create(actor, APP, object,
                        json(fixture.newRecord(user, object))));
                String expectedCreate = expected.create() ? "ok" : "403 object-create-forbidden";
                if (!create.equals(expectedCreate)) {
                    mismatches.add(user + " create " + object + ": " + create + ", expected " + expectedCreate);
                }
                long target = made[0] != null ? (Long) made[0].get("id")
                        : (Long) records.create(ADMIN, APP, object, json(fixture.newRecord(user, object))).get("id");
                cells++;
                String delete = outcome(() -> records.delete(actor, APP, object, target, null));
                // in this fixture whoever may delete may create, and deletes what they made
                String expectedDelete = expected.delete() ? "ok" : "403 object-delete-forbidden";
                if (!delete.equals(expectedDelete)) {
                    mismatches.add(user + " delete " + object + ": " + delete + ", expected " + expectedDelete);
                }
                if (!delete.equals("ok")) {
                    records.delete(ADMIN, APP, object, target, null);
                }
            }
        }
        assertThat(mismatches).isEmpty();
        System.out.printf("access matrix (record service): %d users x %d objects, %d cells, all as expected%n",
                fixture.actors.size(), fixture.objects().size(), cells);
        assertThat(cells).isGreaterThan(500);
    }

    /** The record has exactly the system fields and the object's fields the user may see. */
    private static void checkFields(String user, String object, Map<String, Object> record,
            AccessFixture.Expectation expected, List<String> mismatches) {
        Set<String> visible = fixture.visibleFields(object, expected);
        Set<String> got = new TreeSet<>(record.keySet());
        got.remove("_expanded");
        if (!got.equals(visible)) {
            mismatches.add(user + " " + object + " fields: got " + got + ", expected " + visible);
        }
    }

    @Test
    void filtersAndExpansionsCannotReachAnotherPartnersRecords() {
        Actor pa = actor("p_a");
        RecordPage byOtherPartner = records.query(pa, APP, "sales_order", RecordQuery.fromJson(json(
                "{\"filter\": {\"field\": \"partner\", \"op\": \"eq\", \"value\": " + id("B") + "}, \"count\": true}")));
        assertThat(byOtherPartner.records()).isEmpty();
        assertThat(byOtherPartner.total()).isZero();
        RecordPage linesOfOthers = records.query(pa, APP, "order_line", RecordQuery.fromJson(json(
                "{\"filter\": {\"field\": \"sales_order\", \"op\": \"in\", \"value\": [" + id("o3") + ", " + id("o4")
                        + "]}, \"count\": true}")));
        assertThat(linesOfOthers.total()).isZero();
        RecordPage orFilter = records.query(pa, APP, "sales_order", RecordQuery.fromJson(json(
                "{\"filter\": {\"or\": [{\"field\": \"partner\", \"op\": \"eq\", \"value\": " + id("B")
                        + "}, {\"field\": \"amount\", \"op\": \"ge\", \"value\": 0}]}, \"count\": true}")));
        assertThat(orFilter.total()).isEqualTo(3); // the or stays inside the scope

        // expanding lookups: the partner is their own; the product is published, without its cost
        RecordPage lines = records.query(pa, APP, "order_line",
                RecordQuery.fromJson(json("{\"expand\": [\"sales_order\", \"product\"]}")));
        assertThat(lines.records()).hasSize(3).allSatisfy(line -> {
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> expanded = (Map<String, Map<String, Object>>) line.get("_expanded");
            assertThat(expanded.get("sales_order")).containsEntry("partner", id("A")).doesNotContainKey("cost");
            assertThat(expanded.get("product")).containsEntry("code", "P1").doesNotContainKey("cost");
        });
        // a rep expanding an order's partner sees it (public read), a finance user sees only big orders
        assertThat(records.query(actor("finance"), APP, "order_line", RecordQuery.all()).records())
                .extracting(r -> r.get("sales_order")).containsExactly(id("o2"));
    }

    @Test
    void hiddenFieldsCannotBeFilteredSortedExpandedOrWritten() {
        Actor rep = actor("rep_east");
        assertThatThrownBy(() -> records.query(rep, APP, "sales_order", RecordQuery.fromJson(json(
                "{\"sort\": [{\"field\": \"cost\", \"direction\": \"desc\"}]}"))))
                .isInstanceOfSatisfying(ForbiddenException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.path()).containsExactly("/sort/0/field"));
        assertThatThrownBy(() -> records.query(rep, APP, "sales_order", RecordQuery.fromJson(json(
                "{\"filter\": {\"and\": [{\"field\": \"amount\", \"op\": \"gt\", \"value\": 1},"
                        + " {\"field\": \"cost\", \"op\": \"gt\", \"value\": 1000}]}}"))))
                .isInstanceOfSatisfying(ForbiddenException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.path()).containsExactly("/filter/and/1/field"));
        Actor pb = actor("p_b");
        assertThatThrownBy(() -> records.query(pb, APP, "order_line", RecordQuery.fromJson(json(
                "{\"filter\": {\"field\": \"margin\", \"op\": \"is_null\", \"value\": false}}"))))
                .isInstanceOf(ForbiddenException.class);
        // writing: hidden and read-only fields are refused by name, and nothing is written
        int before = records.query(ADMIN, APP, "sales_order", RecordQuery.fromJson(json("{\"count\": true}"))).total().intValue();
        assertThatThrownBy(() -> records.create(rep, APP, "sales_order",
                json("{\"partner\": " + id("A") + ", \"cost\": 1, \"discount\": 5}")))
                .isInstanceOfSatisfying(ForbiddenException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.path() + " " + p.code())
                        .containsExactlyInAnyOrder("/cost field-forbidden", "/discount field-forbidden"));
        // a partner user never sets an internal-only field, whatever their permission set says
        assertThatThrownBy(() -> records.create(pb, APP, "sales_order", json("{\"partner\": " + id("B") + ", \"cost\": 1}")))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("cost");
        assertThatThrownBy(() -> records.update(actor("p_a"), APP, "partner", id("A"), version("A"),
                json("{\"credit_limit\": 9999999}"))).isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("credit_limit");
        assertThat(records.query(ADMIN, APP, "sales_order", RecordQuery.fromJson(json("{\"count\": true}"))).total())
                .isEqualTo(before);
        // history leaves hidden fields' changes out
        assertThat(records.history(rep, APP, "sales_order", id("o1"), null, 50, null).entries())
                .allSatisfy(entry -> assertThat(entry.changes()).extracting(FieldChange::field).doesNotContain("cost"));
        assertThat(records.history(ADMIN, APP, "sales_order", id("o1"), null, 50, null).entries())
                .anySatisfy(entry -> assertThat(entry.changes()).extracting(FieldChange::field).contains("cost"));
        assertThatThrownBy(() -> records.history(rep, APP, "sales_order", id("o2"), null, 50, null))
                .isInstanceOf(NotFoundException.class);
    }

    private static int version(String key) {
        return (Integer) records.get(ADMIN, APP, fixture.records.get(key).object(), id(key), Set.of()).get("version");
    }

    @Test
    void writesCannotPointAtOrMoveRecordsOutOfReach() {
        Actor pa = actor("p_a");
        // an order for the other partner, a line on the other partner's order
        assertThatThrownBy(() -> records.create(pa, APP, "sales_order", json("{\"partner\": " + id("B") + "}")))
                .isInstanceOfSatisfying(ForbiddenException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.path() + " " + p.code()).containsExactly("/partner lookup-forbidden"));
        assertThatThrownBy(() -> records.create(pa, APP, "order_line", json("{\"sales_order\": " + id("o3") + "}")))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("sales_order");
        // an unpublished product is out of reach too, and a record that does not exist looks the same
        assertThatThrownBy(() -> records.create(pa, APP, "order_line",
                json("{\"sales_order\": " + id("o1") + ", \"product\": " + id("P2") + "}")))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("product");
        String missing = outcome(() -> records.create(pa, APP, "order_line",
                json("{\"sales_order\": " + id("o1") + ", \"product\": 99999999}")));
        String hidden = outcome(() -> records.create(pa, APP, "order_line",
                json("{\"sales_order\": " + id("o1") + ", \"product\": " + id("P2") + "}")));
        assertThat(missing).isEqualTo(hidden).isEqualTo("403 lookup-forbidden");
        // moving an own order to the other partner
        assertThatThrownBy(() -> records.update(pa, APP, "sales_order", id("o1"), version("o1"),
                json("{\"partner\": " + id("B") + "}"))).isInstanceOf(ForbiddenException.class);
        assertThat(records.get(ADMIN, APP, "sales_order", id("o1"), Set.of())).containsEntry("partner", id("A"));
        // a partner user may not hand a record to somebody else
        assertThatThrownBy(() -> records.create(pa, APP, "sales_order",
                json("{\"partner\": " + id("A") + ", \"owner_id\": " + actor("rep_east").userId() + "}")))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("owner_id");
    }

    @Test
    void bulkCreateIsAllOrNothingWithTheForbiddenRowNamed() {
        Actor pa = actor("p_a");
        long before = records.query(ADMIN, APP, "sales_order", RecordQuery.fromJson(json("{\"count\": true}"))).total();
        assertThatThrownBy(() -> records.bulkCreate(pa, APP, "sales_order", List.of(
                json("{\"partner\": " + id("A") + "}"), json("{\"partner\": " + id("B") + "}"),
                json("{\"partner\": " + id("A") + "}"))))
                .isInstanceOfSatisfying(ForbiddenException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.path()).containsExactly("/records/1/partner"));
        assertThatThrownBy(() -> records.bulkCreate(pa, APP, "order_line", List.of(
                json("{\"sales_order\": " + id("o1") + ", \"margin\": 1}"))))
                .isInstanceOfSatisfying(ForbiddenException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.path()).containsExactly("/records/0/margin"));
        assertThat(records.query(ADMIN, APP, "sales_order", RecordQuery.fromJson(json("{\"count\": true}"))).total())
                .isEqualTo(before);
        BulkResult ok = records.bulkCreate(pa, APP, "sales_order", List.of(json("{\"partner\": " + id("A") + "}"),
                json("{\"partner\": " + id("A") + ", \"amount\": 3}")));
        assertThat(ok.created()).isEqualTo(2);
        RecordPage mine = records.query(pa, APP, "sales_order", RecordQuery.fromJson(json("{\"count\": true}")));
        assertThat(mine.records()).extracting(r -> r.get("partner")).containsOnly(id("A"));
        for (long id : ok.ids()) {
            records.delete(ADMIN, APP, "sales_order", id, null);
        }
    }

    @Test
    void sharesOpenOneRecordToOneUserAndCanBeTakenBack() {
        Actor repWest = actor("rep_west");
        assertThat(outcome(() -> records.get(repWest, APP, "sales_order", id("o1"), Set.of()))).isEqualTo("404");
        // only someone who may change the record may share it
        assertThat(outcome(() -> records.share(repWest, APP, "sales_order", id("o1"), repWest.userId(), "read")))
                .isEqualTo("404");
        records.share(actor("rep_east"), APP, "sales_order", id("o1"), repWest.userId(), "read");
        assertThat(records.get(repWest, APP, "sales_order", id("o1"), Set.of())).containsEntry("id", id("o1"));
        assertThat(records.shares(actor("rep_east"), APP, "sales_order", id("o1")))
                .extracting(RecordShare::username, RecordShare::access)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(fixture.usernames.get("rep_west"), "read"));
        records.unshare(actor("rep_east"), APP, "sales_order", id("o1"), repWest.userId());
        assertThat(outcome(() -> records.get(repWest, APP, "sales_order", id("o1"), Set.of()))).isEqualTo("404");
        assertThat(CoreContext.dsl().fetchCount(org.jooq.impl.DSL.table(org.jooq.impl.DSL.name("trellis_sys",
                "operation_log")), org.jooq.impl.DSL.field("action").in("record.share", "record.unshare"))).isGreaterThanOrEqualTo(2);
    }

    @Test
    void permissionsSayWhatTheUserMayDo() {
        Permissions rep = records.permissions(actor("rep_east"), APP, "sales_order");
        assertThat(rep.create()).isTrue();
        assertThat(rep.delete()).isFalse();
        assertThat(rep.hiddenFields()).containsExactly("cost");
        assertThat(rep.readOnlyFields()).containsExactly("discount");
        Permissions partner = records.permissions(actor("p_a"), APP, "order_line");
        assertThat(partner.hiddenFields()).containsExactly("margin");
        Permissions nobody = records.permissions(actor("nobody"), APP, "sales_order");
        assertThat(nobody.read()).isFalse();
        assertThat(records.permissions(actor("auditor"), APP, "sales_order").export()).isTrue();
    }
}
