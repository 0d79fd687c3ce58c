package dev.trellis.core.record;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.trellis.core.ConflictException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.NotFoundException;
import dev.trellis.core.Problem;
import dev.trellis.core.testing.CoreContext;
import dev.trellis.core.testing.RecordingListener;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class RecordServiceIT {

    private static final String APP = "rec_it";
    private static RecordService records;

    @BeforeAll
    static void publish() {
        CoreContext.publishApp(APP, CoreContext.resource(RecordServiceIT.class, "partner.json"),
                CoreContext.resource(RecordServiceIT.class, "sales_order.json"),
                CoreContext.resource(RecordServiceIT.class, "order_line.json"),
                json("{\"name\": \"watched\", \"fields\": [{\"name\": \"name\", \"type\": \"text\"}]}"),
                json("{\"name\": \"node\", \"fields\": [{\"name\": \"parent\", \"type\": \"lookup\", \"target\": \"node\"}]}"));
        records = CoreContext.records();
    }

    private static Map<String, Object> partner(String code) {
        return records.create(ADMIN, APP, "partner", json("{\"name\": \"Partner " + code + "\", \"code\": \"" + code + "\"}"));
    }

    @Test
    void createAppliesDefaultsAndConvertsEveryFieldType() {
        Map<String, Object> p = records.create(ADMIN, APP, "partner", json("""
                {"name": "Acme 华东", "code": "TYPES", "regions": ["east", "south"], "credit_limit": 1000000.50,
                 "rebate_rate": 3.5, "signed_on": "2026-03-01", "last_login": "2026-11-23T09:30:00+08:00",
                 "email": "sales@acme.example", "phone": "+86 21 5555 0100", "website": "https://acme.example",
                 "employees": 120, "notes": "long\\ttext", "profile": {"segment": "smb", "tags": [1, 2]}}"""));
        assertThat(p.get("id")).isInstanceOf(Long.class);
        assertThat(p).containsEntry("tier", "silver").containsEntry("active", true).containsEntry("version", 1)
                .containsEntry("owner_id", ADMIN.userId()).containsEntry("created_by", ADMIN.userId());
        assertThat((BigDecimal) p.get("credit_limit")).isEqualByComparingTo("1000000.50");
        assertThat(p.get("regions")).isEqualTo(List.of("east", "south"));
        assertThat(p.get("signed_on")).isEqualTo(LocalDate.of(2026, 3, 1));
        assertThat(((JsonNode) p.get("profile")).get("segment").stringValue()).isEqualTo("smb");
        Map<String, Object> read = records.get(ADMIN, APP, "partner", (Long) p.get("id"), Set.of());
        assertThat(read).isEqualTo(p);
    }

    @Test
    void everyBadValueIsReportedWithItsFieldAndNothingIsWritten() {
        long before = count("partner");
        assertThatThrownBy(() -> records.create(ADMIN, APP, "partner", json("""
                {"code": "BAD", "tier": "platinum", "credit_limit": "lots", "rebate_rate": 1.23456,
                 "email": "not-an-email", "signed_on": "2026-02-30", "employees": 1.5, "nope": 1, "id": 5,
                 "created_at": "2020-01-01T00:00:00Z"}""")))
                .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path, Problem::code)
                        .containsExactlyInAnyOrder(tuple("/name", "value-required"),
                                tuple("/tier", "value-not-in-picklist"),
                                tuple("/credit_limit", "value-type-mismatch"),
                                tuple("/rebate_rate", "value-scale-exceeded"),
                                tuple("/email", "value-invalid-email"),
                                tuple("/signed_on", "value-invalid-date"),
                                tuple("/employees", "value-type-mismatch"),
                                tuple("/nope", "field-unknown"),
                                tuple("/created_at", "field-read-only")));
        assertThat(count("partner")).isEqualTo(before);
    }

    @Test
    void duplicateUniqueValueIsAConflictNamingTheField() {
        partner("DUP");
        assertThatThrownBy(() -> partner("DUP")).isInstanceOfSatisfying(ConflictException.class, e -> {
            assertThat(e.code()).isEqualTo("value-duplicate");
            assertThat(e.problems()).extracting(Problem::path).containsExactly("/code");
        });
    }

    @Test
    void lookupToAMissingRecordIsRejectedOnItsField() {
        assertThatThrownBy(() -> records.create(ADMIN, APP, "sales_order", json("{\"partner\": 999999}")))
                .isInstanceOfSatisfying(InvalidException.class,
                        e -> assertThat(e.problems()).extracting(Problem::path).containsExactly("/partner"));
    }

    @Test
    void autoNumberFollowsItsPatternAndLookupsExpand() {
        Map<String, Object> p = partner("AUTO");
        Map<String, Object> o1 = records.create(ADMIN, APP, "sales_order", json("{\"partner\": " + p.get("id") + "}"));
        Map<String, Object> o2 = records.create(ADMIN, APP, "sales_order", json("{\"partner\": " + p.get("id") + "}"));
        String prefix = String.format("SO-%1$tY%1$tm-", LocalDate.now());
        assertThat((String) o1.get("order_no")).startsWith(prefix).hasSize(prefix.length() + 4);
        assertThat(o2.get("order_no")).isNotEqualTo(o1.get("order_no"));
        assertThat(o1).containsEntry("status", "draft");
        assertThatThrownBy(() -> records.create(ADMIN, APP, "sales_order",
                json("{\"partner\": " + p.get("id") + ", \"order_no\": \"X\"}")))
                .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.problems())
                        .extracting(Problem::code).containsExactly("field-read-only"));
        Map<String, Object> read = records.get(ADMIN, APP, "sales_order", (Long) o1.get("id"), Set.of("partner"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> expanded = (Map<String, Map<String, Object>>) read.get("_expanded");
        assertThat(expanded.get("partner")).containsEntry("code", "AUTO");
    }

    @Test
    void updateChangesOnlyGivenFieldsAndAStaleVersionIsAConflict() {
        Map<String, Object> p = partner("UPD");
        long id = (Long) p.get("id");
        Map<String, Object> updated = records.update(ADMIN, APP, "partner", id, 1, json("{\"tier\": \"gold\"}"));
        assertThat(updated).containsEntry("tier", "gold").containsEntry("version", 2).containsEntry("code", "UPD");
        assertThatThrownBy(() -> records.update(ADMIN, APP, "partner", id, 1, json("{\"tier\": \"silver\"}")))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.code()).isEqualTo("version-stale"));
        assertThat(records.get(ADMIN, APP, "partner", id, Set.of())).containsEntry("tier", "gold");
        assertThatThrownBy(() -> records.update(ADMIN, APP, "partner", id, 2, json("{\"name\": null}")))
                .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path).containsExactly("/name"));
    }

    @Test
    void anUpdateWithoutAnExpectedVersionIsGuardedByTheVersionItReads() {
        long id = (Long) partner("UNV").get("id");
        records.update(ADMIN, APP, "partner", id, 1, json("{\"tier\": \"gold\"}"));
        assertThat(records.update(ADMIN, APP, "partner", id, null, json("{\"tier\": \"silver\"}")))
                .containsEntry("tier", "silver").containsEntry("version", 3);
        assertThat(records.get(ADMIN, APP, "partner", id, Set.of())).containsEntry("tier", "silver");
    }

    @Test
    void auditKeepsEveryFieldsOldAndNewValuePerRecordAndPerField() {
        Map<String, Object> p = partner("AUD");
        long id = (Long) p.get("id");
        records.update(ADMIN, APP, "partner", id, 1, json("{\"tier\": \"gold\", \"employees\": 7}"));
        records.update(ADMIN, APP, "partner", id, 2, json("{\"employees\": 8}"));
        AuditPage all = records.history(ADMIN, APP, "partner", id, null, 50, null);
        assertThat(all.entries()).extracting(AuditEntry::action)
                .containsExactly(RecordAction.UPDATE, RecordAction.UPDATE, RecordAction.CREATE);
        assertThat(all.entries().get(1).changes()).extracting(FieldChange::field)
                .containsExactlyInAnyOrder("tier", "employees");
        AuditPage employees = records.history(ADMIN, APP, "partner", id, "employees", 1, null);
        assertThat(employees.entries()).hasSize(1);
        assertThat(employees.entries().get(0).changes()).singleElement()
                .satisfies(c -> assertThat(c.oldValue() + "->" + c.newValue()).isEqualTo("7->8"));
        AuditPage older = records.history(ADMIN, APP, "partner", id, "employees", 1, employees.before());
        assertThat(older.entries().get(0).changes().get(0).newValue().toString()).isEqualTo("7");
    }

    @Test
    void deletingAMasterDeletesAndAuditsItsDetails() {
        Map<String, Object> p = partner("CASCADE");
        long order = (Long) records.create(ADMIN, APP, "sales_order", json("{\"partner\": " + p.get("id") + "}")).get("id");
        long line = (Long) records.create(ADMIN, APP, "order_line",
                json("{\"sales_order\": " + order + ", \"sku\": \"A-1\", \"quantity\": 2}")).get("id");
        assertThatThrownBy(() -> records.delete(ADMIN, APP, "partner", (Long) p.get("id"), null))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.code()).isEqualTo("record-referenced"));
        records.delete(ADMIN, APP, "sales_order", order, 1);
        assertThatThrownBy(() -> records.get(ADMIN, APP, "order_line", line, Set.of())).isInstanceOf(NotFoundException.class);
        assertThat(records.history(ADMIN, APP, "order_line", line, null, 10, null).entries().get(0).action())
                .isEqualTo(RecordAction.DELETE);
    }

    @Test
    void bulkCreateIsAllOrNothing() {
        long before = count("partner");
        List<JsonNode> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(json("{\"name\": \"Bulk " + i + "\", \"code\": \"BULK" + i + "\", \"notes\": \"tab\\there\\nline \\\\ end\"}"));
        }
        rows.set(37, json("{\"name\": \"Bulk bad\", \"employees\": \"many\"}"));
        assertThatThrownBy(() -> records.bulkCreate(ADMIN, APP, "partner", rows))
                .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path).containsExactly("/records/37/employees"));
        rows.set(37, json("{\"name\": \"Bulk 37\", \"code\": \"BULK1\"}"));
        assertThatThrownBy(() -> records.bulkCreate(ADMIN, APP, "partner", rows))
                .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path).containsExactly("/records/37/code"));
        partner("BULK40");
        rows.set(37, json("{\"name\": \"Bulk 37\", \"code\": \"BULK37\"}"));
        assertThatThrownBy(() -> records.bulkCreate(ADMIN, APP, "partner", rows)).isInstanceOf(ConflictException.class);
        assertThat(count("partner")).isEqualTo(before + 1);
        rows.set(40, json("{\"name\": \"Bulk 40\", \"code\": \"BULK40b\"}"));
        BulkResult result = records.bulkCreate(ADMIN, APP, "partner", rows);
        assertThat(result.created()).isEqualTo(50);
        Map<String, Object> first = records.get(ADMIN, APP, "partner", result.ids().get(0), Set.of());
        assertThat(first).containsEntry("notes", "tab\there\nline \\ end").containsEntry("tier", "silver");
        long id = result.ids().get(0);
        assertThat(records.history(ADMIN, APP, "partner", id, null, 10, null).entries())
                .singleElement().satisfies(e -> {
                    assertThat(e.action()).isEqualTo(RecordAction.CREATE);
                    assertThat(e.changes()).extracting(FieldChange::field).contains("name", "code", "notes", "tier");
                    assertThat(e.changes()).filteredOn(c -> c.field().equals("notes")).singleElement()
                            .satisfies(c -> assertThat(c.newValue().toString()).contains("tab\\there"));
                });
        // the create entry of a bulk-created record closes the last page of its history
        records.update(ADMIN, APP, "partner", id, 1, json("{\"employees\": 3}"));
        AuditPage newest = records.history(ADMIN, APP, "partner", id, null, 1, null);
        assertThat(newest.entries()).extracting(AuditEntry::action).containsExactly(RecordAction.UPDATE);
        AuditPage last = records.history(ADMIN, APP, "partner", id, null, 1, newest.before());
        assertThat(last.entries()).extracting(AuditEntry::action).containsExactly(RecordAction.CREATE);
        assertThat(last.before()).isNull();
        assertThat(records.history(ADMIN, APP, "partner", id, "employees", 10, null).entries())
                .extracting(AuditEntry::action).containsExactly(RecordAction.UPDATE);
        assertThat(records.history(ADMIN, APP, "partner", result.ids().get(49), "code", 10, null).entries())
                .singleElement().satisfies(e -> assertThat(e.changes().get(0).newValue().toString()).contains("BULK49"));
    }

    @Test
    void queryFiltersSortsAndPagesByKeysetWithoutGapsOrRepeats() {
        List<JsonNode> rows = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            rows.add(json("{\"name\": \"Q " + (i % 7) + "\", \"code\": \"QRY" + i + "\", \"employees\": "
                    + (i % 3 == 0 ? "null" : String.valueOf(i % 5)) + ", \"tier\": \"" + (i % 2 == 0 ? "gold" : "silver")
                    + "\", \"regions\": [\"" + (i % 2 == 0 ? "east" : "north") + "\"]}"));
        }
        records.bulkCreate(ADMIN, APP, "partner", rows);
        RecordQuery query = RecordQuery.fromJson(json("""
                {"filter": {"and": [{"field": "code", "op": "starts_with", "value": "qry"},
                                    {"or": [{"field": "tier", "op": "eq", "value": "gold"},
                                            {"field": "employees", "op": "is_null", "value": true}]}]},
                 "sort": [{"field": "employees", "direction": "desc"}, {"field": "name"}],
                 "limit": 4, "count": true}"""));
        // gold: i even (13 of 25); employees null: i % 3 == 0 and odd: 3, 9, 15, 21
        RecordPage page = records.query(ADMIN, APP, "partner", query);
        assertThat(page.total()).isEqualTo(17L);
        List<String> seen = new ArrayList<>();
        while (true) {
            page.records().forEach(r -> seen.add((String) r.get("code")));
            if (page.next() == null) {
                break;
            }
            page = records.query(ADMIN, APP, "partner", query.withAfter(page.next()));
        }
        assertThat(seen).hasSize(17).doesNotHaveDuplicates();
        RecordPage contains = records.query(ADMIN, APP, "partner", RecordQuery.fromJson(json(
                "{\"filter\": {\"and\": [{\"field\": \"regions\", \"op\": \"contains\", \"value\": \"north\"},"
                        + " {\"field\": \"code\", \"op\": \"in\", \"value\": [\"QRY1\", \"QRY2\", \"QRY3\"]}]}}")));
        assertThat(contains.records()).extracting(r -> r.get("code")).containsExactly("QRY1", "QRY3");
    }

    @Test
    void listenersActInsideTheWriteAndCanRollItBack() {
        RecordingListener listener = CoreContext.get().getBean(RecordingListener.class);
        long id = (Long) records.create(ADMIN, APP, "watched", json("{\"name\": \"fine\"}")).get("id");
        records.update(ADMIN, APP, "watched", id, 1, json("{\"name\": \"still fine\"}"));
        assertThat(listener.events()).filteredOn(e -> e.id() == id).extracting(RecordChangedEvent::action)
                .containsExactly(RecordAction.CREATE, RecordAction.UPDATE);
        // each event carries the metadata generation its write was checked against
        int generation = CoreContext.metadata().published(APP).generation();
        assertThat(listener.events()).filteredOn(e -> e.id() == id)
                .allSatisfy(e -> assertThat(e.published().generation()).isEqualTo(generation));
        long before = count("watched");
        assertThatThrownBy(() -> records.create(ADMIN, APP, "watched", json("{\"name\": \"veto\"}")))
                .hasMessageContaining("vetoed");
        assertThatThrownBy(() -> records.update(ADMIN, APP, "watched", id, 2, json("{\"name\": \"veto\"}")))
                .hasMessageContaining("vetoed");
        assertThatThrownBy(() -> records.bulkCreate(ADMIN, APP, "watched",
                List.of(json("{\"name\": \"a\"}"), json("{\"name\": \"veto\"}")))).hasMessageContaining("vetoed");
        assertThat(count("watched")).isEqualTo(before);
        assertThat(records.get(ADMIN, APP, "watched", id, Set.of())).containsEntry("name", "still fine");
        assertThat(records.history(ADMIN, APP, "watched", id, null, 10, null).entries()).hasSize(2);
        assertThat(listener.events()).noneMatch(e -> e.object().equals("partner"));
    }

    @Test
    void extremeValuesAreRefusedOnTheirFieldNotByTheDatabase() {
        assertThatThrownBy(() -> records.create(ADMIN, APP, "partner", json("""
                {"name": "nul\\u0000byte", "credit_limit": 1e2147483647, "signed_on": "+300000-01-01",
                 "last_login": "+300000-01-01T00:00:00Z", "employees": 99999999999999999999}""")))
                .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path, Problem::code).containsExactlyInAnyOrder(
                                tuple("/name", "value-invalid-character"),
                                tuple("/credit_limit", "value-out-of-range"),
                                tuple("/signed_on", "value-out-of-range"),
                                tuple("/last_login", "value-out-of-range"),
                                tuple("/employees", "value-out-of-range")));
        assertThatThrownBy(() -> records.query(ADMIN, APP, "partner", RecordQuery.fromJson(json(
                "{\"filter\": {\"field\": \"name\", \"op\": \"contains\", \"value\": \"a\\u0000\"}}"))))
                .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path).containsExactly("/filter/value"));
        assertThatThrownBy(() -> RecordQuery.fromJson(json("{\"limit\": 99999999999999999999}")))
                .isInstanceOf(InvalidException.class);
    }

    @Test
    void deletingARecordItsOwnObjectStillPointsAtIsAConflict() {
        long parent = (Long) records.create(ADMIN, APP, "node", json("{}")).get("id");
        records.create(ADMIN, APP, "node", json("{\"parent\": " + parent + "}"));
        assertThatThrownBy(() -> records.delete(ADMIN, APP, "node", parent, null))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.code()).isEqualTo("record-referenced"));
    }

    @Test
    void badQueriesNameThePathOfTheMistake() {
        assertThatThrownBy(() -> records.query(ADMIN, APP, "partner", RecordQuery.fromJson(json(
                "{\"filter\": {\"and\": [{\"field\": \"nope\", \"op\": \"eq\", \"value\": 1},"
                        + " {\"field\": \"employees\", \"op\": \"gt\", \"value\": \"x\"}]}}"))))
                .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.problems()).extracting(Problem::path)
                        .containsExactly("/filter/and/0/field", "/filter/and/1/value"));
        assertThatThrownBy(() -> RecordQuery.fromJson(json("{\"filter\": {\"field\": \"name\", \"op\": \"like\"}}")))
                .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.problems()).extracting(Problem::path)
                        .containsExactly("/filter/op"));
        for (String cursor : List.of("garbage", java.util.Base64.getUrlEncoder().encodeToString(
                "{\"s\": [], \"v\": {\"a\": 1}}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))) {
            assertThatThrownBy(() -> records.query(ADMIN, APP, "partner", RecordQuery.all().withAfter(cursor)))
                    .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.problems())
                            .extracting(Problem::path).containsExactly("/after"));
        }
        assertThatThrownBy(() -> records.query(ADMIN, APP, "nothing", RecordQuery.all()))
                .isInstanceOf(NotFoundException.class);
    }

    private static long count(String object) {
        return CoreContext.dsl().fetchCount(DSL.table(DSL.name("app_" + APP, object)));
    }
}
