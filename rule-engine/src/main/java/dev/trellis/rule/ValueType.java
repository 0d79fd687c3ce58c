package dev.trellis.rule;

import dev.trellis.core.metadata.FieldType;

/**
 * The types an expression computes with. Numbers are {@code BigDecimal} (money never goes through
 * {@code double}); a lookup's value is the id of the record it points at, a number.
 */
public enum ValueType {
    NUMBER, TEXT, BOOLEAN, DATE, DATETIME, LIST;

    public String jsonName() {
        return name().toLowerCase();
    }

    /** The type a field's value has in an expression; null for a field expressions cannot use (json). */
    public static ValueType of(FieldType type) {
        return switch (type) {
            case INTEGER, DECIMAL, CURRENCY, PERCENT, LOOKUP, MASTER_DETAIL, ATTACHMENT, IMAGE -> NUMBER;
            case TEXT, LONG_TEXT, EMAIL, PHONE, URL, PICKLIST, AUTO_NUMBER -> TEXT;
            case BOOLEAN -> BOOLEAN;
            case DATE -> DATE;
            case DATETIME -> DATETIME;
            case MULTI_PICKLIST -> LIST;
            case JSON -> null;
        };
    }
}
