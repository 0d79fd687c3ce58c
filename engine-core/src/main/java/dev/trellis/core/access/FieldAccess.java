package dev.trellis.core.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** How far a permission set opens one field: not at all, for reading, or (the default) for editing. */
public enum FieldAccess {
    HIDDEN, READ_ONLY, EDIT;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase();
    }

    @JsonCreator
    static FieldAccess fromJson(String jsonName) {
        return Arrays.stream(values()).filter(a -> a.jsonName().equals(jsonName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown field access " + jsonName));
    }

    /** The wider of two grants: a field hidden by one set and read-only in another is readable. */
    public FieldAccess widest(FieldAccess other) {
        return ordinal() >= other.ordinal() ? this : other;
    }
}
