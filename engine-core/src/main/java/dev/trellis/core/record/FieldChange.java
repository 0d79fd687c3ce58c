package dev.trellis.core.record;

/** One field's change in one write: old and new values as JSON-friendly Java values. */
public record FieldChange(String field, Object oldValue, Object newValue) {
}
