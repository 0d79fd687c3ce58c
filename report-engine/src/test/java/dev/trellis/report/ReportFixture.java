package dev.trellis.report;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.json;

import dev.trellis.core.json.Json;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.testing.CoreContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small sales app for report tests: partners in regions, products in lines, orders with dates, amounts and
 * collections over the last two years, order lines. Values are random with a fixed seed, so every test
 * compares the engine with hand-written SQL over the same rows rather than with numbers written down.
 */
final class ReportFixture {

    static final String[] REGIONS = {"east", "west", "north"};
    static final String[] LINES = {"router", "switch", "camera"};
    static final String[] STATUSES = {"won", "lost", "open"};

    private ReportFixture() {
    }

    /** Publishes the app's objects and loads the records. */
    static void install(String app, LocalDate today) {
        CoreContext.publishApp(app,
                json("""
                        {"name": "partner", "fields": [{"name": "name", "type": "text"},
                          {"name": "region", "type": "picklist", "values": [{"value": "east"}, {"value": "west"}, {"value": "north"}]},
                          {"name": "tier", "type": "picklist", "values": [{"value": "gold"}, {"value": "silver"}]}]}"""),
                json("""
                        {"name": "product", "fields": [{"name": "name", "type": "text"},
                          {"name": "line", "type": "picklist", "values": [{"value": "router"}, {"value": "switch"}, {"value": "camera"}]}]}"""),
                json("""
                        {"name": "sales_order", "fields": [{"name": "partner", "type": "lookup", "target": "partner"},
                          {"name": "order_date", "type": "date"}, {"name": "note", "type": "text"},
                          {"name": "status", "type": "picklist", "values": [{"value": "won"}, {"value": "lost"}, {"value": "open"}]},
                          {"name": "amount", "type": "currency"}, {"name": "collected", "type": "currency"},
                          {"name": "signed_at", "type": "datetime"}, {"name": "payload", "type": "json"}]}"""),
                json("""
                        {"name": "order_line", "fields": [{"name": "sales_order", "type": "lookup", "target": "sales_order"},
                          {"name": "product", "type": "lookup", "target": "product"},
                          {"name": "quantity", "type": "integer"}, {"name": "price", "type": "decimal", "scale": 2}]}"""));
        RecordService records = CoreContext.records();
        Random random = new Random(42);
        List<JsonNode> partners = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            partners.add(json("{\"name\": \"P" + i + "\", \"region\": \"" + REGIONS[i % 3] + "\", \"tier\": \""
                    + (i % 2 == 0 ? "gold" : "silver") + "\"}"));
        }
        partners.add(json("{\"name\": \"Nowhere\"}")); // no region: a null group
        records.bulkCreate(ADMIN, app, "partner", partners);
        List<JsonNode> products = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            products.add(json("{\"name\": \"Item" + i + "\", \"line\": \"" + LINES[i % 3] + "\"}"));
        }
        records.bulkCreate(ADMIN, app, "product", products);
        List<JsonNode> orders = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("partner", 1 + random.nextInt(10));
            o.put("order_date", today.minusDays(random.nextInt(730)).toString());
            o.put("status", STATUSES[random.nextInt(3)]);
            long amount = 100 + random.nextInt(10_000);
            o.put("amount", amount);
            o.put("collected", random.nextInt(4) == 0 ? 0 : amount - random.nextInt((int) amount));
            o.put("signed_at", today.minusDays(random.nextInt(400)).atTime(random.nextInt(24), 30) + "Z");
            if (i % 10 == 0) {
                o.remove("order_date"); // some orders without a date
            }
            orders.add(o);
        }
        records.bulkCreate(ADMIN, app, "sales_order", orders);
        List<JsonNode> lines = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            lines.add(json("{\"sales_order\": " + (1 + random.nextInt(300)) + ", \"product\": " + (1 + random.nextInt(6))
                    + ", \"quantity\": " + (1 + random.nextInt(20)) + ", \"price\": " + (random.nextInt(50_000) / 100.0)
                    + "}"));
        }
        records.bulkCreate(ADMIN, app, "order_line", lines);
    }
}
