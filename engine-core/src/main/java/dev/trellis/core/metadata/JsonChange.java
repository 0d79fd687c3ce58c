package dev.trellis.core.metadata;

import tools.jackson.databind.JsonNode;

/**
 * One difference between two versions: {@code add}, {@code remove} or {@code replace} at a path.
 * Elements of arrays of named things (fields, indexes, picklist values) are addressed by name, e.g.
 * {@code /fields/amount/scale}, so inserting a field does not show every later field as changed.
 */
public record JsonChange(String op, String path, JsonNode oldValue, JsonNode newValue) {
}
