package dev.trellis.bench;

import dev.trellis.core.json.Json;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One row of the bench's 10-field object, derived from its number alone so that every side of a
 * comparison writes exactly the same values. The service gets it as JSON ({@link #toJson()}), the
 * hand-written jOOQ as these typed values.
 */
record ItemRow(String name, String code, String status, String region, BigDecimal amount, long quantity,
        boolean active, LocalDate orderDate, String email, String notes) {

    static final String APP = "bench";
    /** Where the single-record operations run. */
    static final String ITEM = "item";
    /** Where {@code bulkCreate} writes. */
    static final String BULK_ITEM = "bulk_item";
    /** Where the COPY reference writes: the same definition, so the service created the identical table. */
    static final String COPY_ITEM = "copy_item";

    /** The fields in definition order, which is also the column order of the tables. */
    static final List<String> FIELDS = List.of("name", "code", "status", "region", "amount", "quantity", "active",
            "order_date", "email", "notes");
    static final List<String> STATUSES = List.of("active", "inactive", "pending", "closed");
    static final List<String> REGIONS = List.of("north", "south", "east", "west");

    private static final LocalDate FIRST_ORDER = LocalDate.of(2026, 1, 1);

    /**
     * The object's metadata. Nothing is required or unique: neither would change the bulk comparison
     * as long as both tables had it, and unique values would only constrain the generated data.
     */
    static JsonNode definition(String object) {
        return Json.parse("""
                {"name": "%s",
                 "fields": [
                   {"name": "name", "type": "text", "maxLength": 120},
                   {"name": "code", "type": "text", "maxLength": 32},
                   {"name": "status", "type": "picklist", "values": [{"value": "active"}, {"value": "inactive"},
                                                                     {"value": "pending"}, {"value": "closed"}]},
                   {"name": "region", "type": "picklist", "values": [{"value": "north"}, {"value": "south"},
                                                                     {"value": "east"}, {"value": "west"}]},
                   {"name": "amount", "type": "decimal", "precision": 14, "scale": 2},
                   {"name": "quantity", "type": "integer"},
                   {"name": "active", "type": "boolean"},
                   {"name": "order_date", "type": "date"},
                   {"name": "email", "type": "email"},
                   {"name": "notes", "type": "text", "maxLength": 200}
                 ]}""".formatted(object));
    }

    static ItemRow of(long n) {
        return new ItemRow("Item " + n, "C%08d".formatted(n), STATUSES.get((int) (n % 4)),
                REGIONS.get((int) (n / 4 % 4)), BigDecimal.valueOf(n * 7919 % 10_000_000, 2), n * 31 % 1000,
                n % 3 != 0, FIRST_ORDER.plusDays(n % 365), "buyer" + n + "@example.com",
                "Deliver to dock " + n % 20 + ", call ahead");
    }

    ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("name", name);
        json.put("code", code);
        json.put("status", status);
        json.put("region", region);
        json.put("amount", amount);
        json.put("quantity", quantity);
        json.put("active", active);
        json.put("order_date", orderDate.toString());
        json.put("email", email);
        json.put("notes", notes);
        return json;
    }
}
