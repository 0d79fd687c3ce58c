package dev.trellis.core.metadata;

import tools.jackson.databind.JsonNode;

/**
 * Shares the records that match a condition with the users of a role or of a department (and the
 * departments below it): {@code {"name": "big_orders", "when": {"field": "amount", "op": "ge",
 * "value": 100000}, "role": "finance", "access": "read"}}. {@code when} is a record filter.
 */
public record SharingRule(String name, JsonNode when, String role, String department, String access) {

    public boolean grantsEdit() {
        return "edit".equals(access);
    }
}
