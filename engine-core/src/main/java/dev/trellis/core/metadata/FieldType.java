package dev.trellis.core.metadata;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** The type of a field, as written in metadata ({@code "type": "master_detail"}). */
public enum FieldType {
    TEXT, LONG_TEXT, INTEGER, DECIMAL, CURRENCY, PERCENT, BOOLEAN, DATE, DATETIME, EMAIL, PHONE, URL,
    PICKLIST, MULTI_PICKLIST, LOOKUP, MASTER_DETAIL, AUTO_NUMBER, JSON,
    /** A stored file (its id in the attachment store); an image is one that must be a picture. */
    ATTACHMENT, IMAGE;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase();
    }

    public static Optional<FieldType> find(String jsonName) {
        return Arrays.stream(values()).filter(t -> t.jsonName().equals(jsonName)).findFirst();
    }

    @JsonCreator
    static FieldType fromJson(String jsonName) {
        return find(jsonName).orElseThrow(() -> new IllegalArgumentException("unknown field type " + jsonName));
    }

    /** Stored as a string column and compared as text. */
    public boolean isTextual() {
        return switch (this) {
            case TEXT, LONG_TEXT, EMAIL, PHONE, URL, PICKLIST, AUTO_NUMBER -> true;
            default -> false;
        };
    }

    public boolean isNumeric() {
        return switch (this) {
            case INTEGER, DECIMAL, CURRENCY, PERCENT -> true;
            default -> false;
        };
    }

    /** Holds the id of a stored file: an attachment or an image. */
    public boolean isFile() {
        return this == ATTACHMENT || this == IMAGE;
    }

    /** Holds the id of a record of another object. */
    public boolean isReference() {
        return this == LOOKUP || this == MASTER_DETAIL;
    }
}
