package dev.trellis.core.metadata;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * Who among head-office users may see and change an object's records beyond their own (its
 * organisation-wide default). Partner users are always limited to their partner account's records.
 */
public enum SharingModel {
    /** Only the owner, those above the owner (role hierarchy, department managers) and shares. */
    PRIVATE,
    /** Everyone reads; changing takes the owner's access. */
    PUBLIC_READ,
    /** Everyone reads and changes. */
    PUBLIC_READ_WRITE,
    /** A detail record is readable and editable by whoever can read and edit its master. */
    CONTROLLED_BY_PARENT;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase();
    }

    @JsonCreator
    static SharingModel fromJson(String jsonName) {
        return Arrays.stream(values()).filter(m -> m.jsonName().equals(jsonName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown sharing model " + jsonName));
    }
}
