package dev.trellis.rule;

import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.ObjectDefinition;
import java.util.Map;
import java.util.Optional;

/** Small object models for expression tests: an order with a partner that has a tier. */
final class Scopes {

    static final ObjectDefinition TIER = object("""
            {"name": "tier", "fields": [{"name": "code", "type": "text"}, {"name": "rate", "type": "percent"}]}""");
    static final ObjectDefinition PARTNER = object("""
            {"name": "partner", "fields": [{"name": "name", "type": "text"}, {"name": "tier", "type": "lookup", "target": "tier"},
              {"name": "region", "type": "picklist", "values": [{"value": "east"}, {"value": "west"}]},
              {"name": "credit_limit", "type": "currency"}, {"name": "profile", "type": "json"}]}""");
    static final ObjectDefinition ORDER = object("""
            {"name": "sales_order", "fields": [{"name": "partner", "type": "lookup", "target": "partner"},
              {"name": "amount", "type": "currency"}, {"name": "quantity", "type": "integer"},
              {"name": "discount", "type": "percent"}, {"name": "status", "type": "picklist",
               "values": [{"value": "draft"}, {"value": "submitted"}]},
              {"name": "order_date", "type": "date"}, {"name": "urgent", "type": "boolean"},
              {"name": "tags", "type": "multi_picklist", "values": [{"value": "a"}, {"value": "b"}]},
              {"name": "note", "type": "long_text"}, {"name": "approved_at", "type": "datetime"}]}""");

    static final Map<String, ObjectDefinition> ALL = Map.of("tier", TIER, "partner", PARTNER, "sales_order", ORDER);
    static final ExpressionScope ORDERS = new ExpressionScope("test", ORDER, name -> Optional.ofNullable(ALL.get(name)));

    private static ObjectDefinition object(String json) {
        return Json.MAPPER.treeToValue(Json.parse(json), ObjectDefinition.class);
    }

    private Scopes() {
    }
}
