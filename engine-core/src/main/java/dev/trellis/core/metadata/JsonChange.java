package dev.trellis.core.metadata;

import tools.jackson.databind.JsonNode;

/**
 * One difference between two versions: {@code add}, {@code remove} or {@code replace} at a path, or
 * {@code reorder} of a named array's elements (old and new order of the names both versions have).
 * Elements of arrays of named things (fields, indexes, picklist values) are addressed by name, e.g.
 * {@code /fields/amount/scale}, so inserting a field does not show every later field as changed.
 */
public record JsonChange(String op, String path, JsonNode oldValue, JsonNode newValue) {
}
