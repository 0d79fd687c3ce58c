package dev.trellis.rule;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.InvalidException;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.record.RecordQuery;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.testing.CoreContext;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Formula fields computed on every write, stored so they filter in SQL, feeding roll-ups. */
class FormulaIT {

    private static final String APP = "formula_it";
    private static MetadataService metadata;
    private static RecordService records;
    private static long gold;

    @BeforeAll
    static void publish() {
        CoreContext.extend(RuleEngineConfiguration.class);
        metadata = CoreContext.metadata();
        records = CoreContext.records();
        CoreContext.publishApp(APP,
                json("""
                        {"name": "partner", "fields": [{"name": "name", "type": "text"},
                          {"name": "rebate_rate", "type": "percent"}]}"""),
                json("{\"name\": \"sales_order\", \"fields\": [{\"name\": \"partner\", \"type\": \"lookup\", \"target\": \"partner\"}]}"),
                json("""
                        {"name": "order_line", "fields": [
                          {"name": "sales_order", "type": "master_detail", "target": "sales_order"},
                          {"name": "quantity", "type": "integer"}, {"name": "unit_price", "type": "currency"},
                          {"name": "discount", "type": "percent"},
                          {"name": "amount", "type": "currency", "formula": "round(quantity * unit_price * (100 - discount) / 100, 2)"},
                          {"name": "per_unit", "type": "decimal", "scale": 4, "formula": "amount / quantity"},
                          {"name": "size", "type": "picklist", "values": [{"value": "small"}, {"value": "large"}],
                           "formula": "amount >= 1000 ? 'large' : 'small'"}]}"""),
                json("""
                        {"name": "sales_order", "fields": [{"name": "partner", "type": "lookup", "target": "partner"},
                          {"name": "total", "type": "currency", "rollup": {"object": "order_line", "via": "sales_order",
                           "function": "sum", "field": "amount"}},
                          {"name": "rebate", "type": "currency", "formula": "round(total * partner.rebate_rate / 100, 2)"}]}"""));
        gold = (Long) records.create(ADMIN, APP, "partner", json("{\"name\": \"Gold\", \"rebate_rate\": 3}")).get("id");
    }

    @Test
    void formulasAreComputedOnEveryWriteAndFeedRollups() {
        long order = (Long) records.create(ADMIN, APP, "sales_order", json("{\"partner\": " + gold + "}")).get("id");
        Map<String, Object> line = records.create(ADMIN, APP, "order_line", json("""
                {"sales_order": %d, "quantity": 12, "unit_price": 99.5, "discount": 10}""".formatted(order)));
        assertThat((BigDecimal) line.get("amount")).isEqualByComparingTo("1074.60");
        assertThat((BigDecimal) line.get("per_unit")).isEqualByComparingTo("89.55");
        assertThat(line).containsEntry("size", "large");
        Map<String, Object> changed = records.update(ADMIN, APP, "order_line", (Long) line.get("id"), 1,
                json("{\"quantity\": 2}"));
        assertThat((BigDecimal) changed.get("amount")).isEqualByComparingTo("179.10");
        assertThat(changed).containsEntry("size", "small");
        // the roll-up follows the formula, and the order's own formula follows the roll-up
        Map<String, Object> theOrder = records.get(ADMIN, APP, "sales_order", order, Set.of());
        assertThat((BigDecimal) theOrder.get("total")).isEqualByComparingTo("179.10");
        assertThat((BigDecimal) theOrder.get("rebate")).isEqualByComparingTo("5.37");
        // stored, so a query filters on a formula in SQL
        assertThat(records.query(ADMIN, APP, "order_line", RecordQuery.fromJson(json(
                "{\"filter\": {\"field\": \"size\", \"op\": \"eq\", \"value\": \"small\"}, \"count\": true}"))).total())
                .isGreaterThanOrEqualTo(1);
        // and its changes are in the history with the fields the client changed
        assertThat(records.history(ADMIN, APP, "order_line", (Long) line.get("id"), "amount", 10, null).entries())
                .hasSize(2);
    }

    @Test
    void formulasAreCheckedOnSaveNeverWrittenByClientsAndFailClearly() {
        assertThat(metadata.validate(APP, "object", "order_line", json("""
                {"name": "order_line", "fields": [{"name": "quantity", "type": "integer"},
                  {"name": "amount", "type": "currency", "formula": "quantity * price"},
                  {"name": "label", "type": "text", "formula": "quantity + 1"},
                  {"name": "bad", "type": "text", "formula": "''.getClass()"}]}""")))
                .extracting(p -> p.path() + " " + p.code()).containsExactlyInAnyOrder(
                        "/fields/1/formula expression-field-unknown",
                        "/fields/2/formula expression-type-mismatch",
                        "/fields/3/formula expression-syntax");
        long order = (Long) records.create(ADMIN, APP, "sales_order", json("{\"partner\": " + gold + "}")).get("id");
        assertThatThrownBy(() -> records.create(ADMIN, APP, "order_line",
                json("{\"sales_order\": " + order + ", \"amount\": 5}")))
                .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.path() + " " + p.code()).containsExactly("/amount field-read-only"));
        // a quantity of 0 makes amount / quantity fail: the write is refused naming the formula
        assertThatThrownBy(() -> records.create(ADMIN, APP, "order_line",
                json("{\"sales_order\": " + order + ", \"quantity\": 0, \"unit_price\": 1}")))
                .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.path() + " " + p.code()).containsExactly("/per_unit formula-failed"));
        assertThatThrownBy(() -> records.bulkCreate(ADMIN, APP, "order_line", List.of(
                json("{\"sales_order\": " + order + ", \"quantity\": 1, \"unit_price\": 1}"),
                json("{\"sales_order\": " + order + ", \"quantity\": 0, \"unit_price\": 1}"))))
                .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.path()).containsExactly("/records/1/per_unit"));
    }

    @Test
    void aFormulaAddedOrChangedLaterIsComputedForExistingRecords() {
        String app = "formula_later";
        CoreContext.publishApp(app, json("""
                {"name": "item", "fields": [{"name": "price", "type": "currency"}, {"name": "quantity", "type": "integer"}]}"""));
        List<Long> ids = records.bulkCreate(ADMIN, app, "item", List.of(json("{\"price\": 2.5, \"quantity\": 4}"),
                json("{\"price\": 10, \"quantity\": 3}"))).ids();
        metadata.saveDraft(ADMIN, app, "object", "item", json("""
                {"name": "item", "fields": [{"name": "price", "type": "currency"}, {"name": "quantity", "type": "integer"},
                  {"name": "total", "type": "currency", "formula": "price * quantity"}]}"""), null);
        metadata.publish(ADMIN, app, false, "total");
        assertThat((BigDecimal) records.get(ADMIN, app, "item", ids.get(0), Set.of()).get("total")).isEqualByComparingTo("10");
        assertThat((BigDecimal) records.get(ADMIN, app, "item", ids.get(1), Set.of()).get("total")).isEqualByComparingTo("30");
        metadata.saveDraft(ADMIN, app, "object", "item", json("""
                {"name": "item", "fields": [{"name": "price", "type": "currency"}, {"name": "quantity", "type": "integer"},
                  {"name": "total", "type": "currency", "formula": "price * quantity * 2"}]}"""), null);
        metadata.publish(ADMIN, app, false, "double");
        assertThat((BigDecimal) records.get(ADMIN, app, "item", ids.get(1), Set.of()).get("total")).isEqualByComparingTo("60");
    }
}
