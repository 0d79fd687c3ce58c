package dev.trellis.core.record;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a write did to a record. */
public enum RecordAction {
    CREATE, UPDATE, DELETE;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase();
    }
}
