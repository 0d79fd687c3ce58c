package dev.trellis.core.record;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.InvalidException;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.schema.MigrationStep;
import dev.trellis.core.testing.CoreContext;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Roll-up summaries stay correct on every write of the records they summarise, in SQL, audited. */
class RollupIT {

    private static final String APP = "rollup_it";
    private static RecordService records;
    private static MetadataService metadata;

    @BeforeAll
    static void publish() {
        records = CoreContext.records();
        metadata = CoreContext.metadata();
        // the order first without its roll-ups: they name the lines, which name the order
        CoreContext.publishApp(APP,
                json("{\"name\": \"sales_order\", \"fields\": [{\"name\": \"name\", \"type\": \"text\"}]}"),
                json("""
                        {"name": "order_line", "fields": [
                          {"name": "sales_order", "type": "master_detail", "target": "sales_order"},
                          {"name": "amount", "type": "currency"}, {"name": "ship_date", "type": "date"}]}"""),
                json("""
                        {"name": "sales_order", "fields": [{"name": "name", "type": "text"},
                          {"name": "total", "type": "currency", "rollup": {"object": "order_line", "via": "sales_order",
                            "function": "sum", "field": "amount"}},
                          {"name": "lines", "type": "integer", "rollup": {"object": "order_line", "via": "sales_order",
                            "function": "count"}},
                          {"name": "big_lines", "type": "integer", "rollup": {"object": "order_line", "via": "sales_order",
                            "function": "count", "filter": {"field": "amount", "op": "ge", "value": 100}}},
                          {"name": "last_ship", "type": "date", "rollup": {"object": "order_line", "via": "sales_order",
                            "function": "max", "field": "ship_date"}}]}"""));
    }

    private static Map<String, Object> order(long id) {
        return records.get(ADMIN, APP, "sales_order", id, Set.of());
    }

    private static long line(long order, String amount, String shipDate) {
        return (Long) records.create(ADMIN, APP, "order_line", json("{\"sales_order\": " + order + ", \"amount\": "
                + amount + (shipDate == null ? "" : ", \"ship_date\": \"" + shipDate + "\"") + "}")).get("id");
    }

    @Test
    void summariesFollowEveryCreateUpdateMoveAndDelete() {
        long a = (Long) records.create(ADMIN, APP, "sales_order", json("{\"name\": \"A\"}")).get("id");
        long b = (Long) records.create(ADMIN, APP, "sales_order", json("{\"name\": \"B\"}")).get("id");
        assertThat(order(a)).containsEntry("total", new BigDecimal("0.00")).containsEntry("lines", 0L)
                .containsEntry("last_ship", null);
        long l1 = line(a, "50", "2026-03-01");
        long l2 = line(a, "150", "2026-04-15");
        assertThat(order(a)).containsEntry("lines", 2L).containsEntry("big_lines", 1L)
                .containsEntry("last_ship", LocalDate.of(2026, 4, 15));
        assertThat((BigDecimal) order(a).get("total")).isEqualByComparingTo("200");
        // an update that crosses the filter, then a move to the other order
        records.update(ADMIN, APP, "order_line", l1, 1, json("{\"amount\": 120}"));
        assertThat(order(a)).containsEntry("big_lines", 2L);
        records.update(ADMIN, APP, "order_line", l2, 1, json("{\"sales_order\": " + b + "}"));
        assertThat((BigDecimal) order(a).get("total")).isEqualByComparingTo("120");
        assertThat(order(a)).containsEntry("lines", 1L).containsEntry("last_ship", LocalDate.of(2026, 3, 1));
        assertThat((BigDecimal) order(b).get("total")).isEqualByComparingTo("150");
        records.delete(ADMIN, APP, "order_line", l1, null);
        assertThat(order(a)).containsEntry("lines", 0L).containsEntry("last_ship", null);
        assertThat((BigDecimal) order(a).get("total")).isEqualByComparingTo("0");
        // bulk creates update each order once
        BulkResult bulk = records.bulkCreate(ADMIN, APP, "order_line", List.of(
                json("{\"sales_order\": " + a + ", \"amount\": 1}"), json("{\"sales_order\": " + a + ", \"amount\": 2}"),
                json("{\"sales_order\": " + b + ", \"amount\": 3}")));
        assertThat(bulk.created()).isEqualTo(3);
        assertThat((BigDecimal) order(a).get("total")).isEqualByComparingTo("3");
        assertThat((BigDecimal) order(b).get("total")).isEqualByComparingTo("153");
        // the order's history says how its total moved, as the line writer's changes
        assertThat(records.history(ADMIN, APP, "sales_order", a, "total", 50, null).entries())
                .extracting(e -> e.changes().getFirst().newValue().toString())
                .containsExactly("3.00", "0.00", "120.00", "270.00", "200.00", "50.00", "0");
        // deleting an order with its lines does not trip over its own roll-ups
        records.delete(ADMIN, APP, "sales_order", b, null);
        assertThatThrownBy(() -> records.get(ADMIN, APP, "sales_order", b, Set.of()))
                .isInstanceOf(dev.trellis.core.NotFoundException.class);
    }

    @Test
    void summariesAreNotWrittenByClientsAndBadDefinitionsAreRefused() {
        assertThatThrownBy(() -> records.create(ADMIN, APP, "sales_order", json("{\"name\": \"X\", \"total\": 5}")))
                .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.path() + " " + p.code()).containsExactly("/total field-read-only"));
        assertThat(metadata.validate(APP, "object", "sales_order", json("""
                {"name": "sales_order", "fields": [{"name": "name", "type": "text", "rollup": {"object": "order_line",
                   "via": "amount", "function": "sum", "field": "ship_date"}},
                  {"name": "n", "type": "text", "rollup": {"object": "nothing", "via": "x", "function": "count"}},
                  {"name": "m", "type": "integer", "required": true, "rollup": {"object": "order_line", "via": "sales_order",
                   "function": "count", "field": "amount", "filter": {"field": "colour", "op": "eq", "value": 1}}}]}""")))
                .extracting(p -> p.path() + " " + p.code()).containsExactlyInAnyOrder(
                        "/fields/0/rollup/via rollup-via-invalid",
                        "/fields/0/rollup/field rollup-type-mismatch",
                        "/fields/1/rollup/object object-unknown",
                        "/fields/2 field-attribute-not-applicable",
                        "/fields/2/rollup/field field-attribute-not-applicable",
                        "/fields/2/rollup/filter/field field-unknown");
    }

    @Test
    void aRollupAddedLaterIsComputedForExistingRecordsWhenPublished() {
        String app = "rollup_later";
        CoreContext.publishApp(app,
                json("{\"name\": \"invoice\", \"fields\": [{\"name\": \"name\", \"type\": \"text\"}]}"),
                json("""
                        {"name": "payment", "fields": [{"name": "invoice", "type": "lookup", "target": "invoice"},
                          {"name": "amount", "type": "currency"}]}"""));
        long invoice = (Long) records.create(ADMIN, app, "invoice", json("{\"name\": \"I-1\"}")).get("id");
        records.bulkCreate(ADMIN, app, "payment", List.of(json("{\"invoice\": " + invoice + ", \"amount\": 10}"),
                json("{\"invoice\": " + invoice + ", \"amount\": 15.5}")));
        metadata.saveDraft(ADMIN, app, "object", "invoice", json("""
                {"name": "invoice", "fields": [{"name": "name", "type": "text"},
                  {"name": "paid", "type": "currency", "rollup": {"object": "payment", "via": "invoice",
                   "function": "sum", "field": "amount"}}]}"""), null);
        assertThat(metadata.plan(app).steps()).extracting(MigrationStep::action).contains(MigrationStep.Action.COMPUTE_ROLLUP);
        metadata.publish(ADMIN, app, false, "paid");
        assertThat((BigDecimal) records.get(ADMIN, app, "invoice", invoice, Set.of()).get("paid")).isEqualByComparingTo("25.5");
        records.create(ADMIN, app, "payment", json("{\"invoice\": " + invoice + ", \"amount\": 4.5}"));
        assertThat((BigDecimal) records.get(ADMIN, app, "invoice", invoice, Set.of()).get("paid")).isEqualByComparingTo("30");
    }
}
