package dev.trellis.core.metadata;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A field of an object. Which attributes apply depends on the type: {@code maxLength} for text,
 * {@code precision}/{@code scale} for numbers, {@code values} for picklists, {@code target} for
 * lookups and master-detail, {@code pattern} for auto-numbers ({@code SO-{yyyy}{mm}-{0000}}).
 * {@code internalOnly} fields (cost, margin) are never shown to partner users, whatever their roles say.
 * A field with a {@code formula} (an expression) or a {@code rollup} is computed: stored like any field of
 * its type, so it filters, sorts and reports in SQL, and never written by a client.
 */
public record FieldDefinition(
        String name,
        FieldType type,
        Map<String, String> label,
        String helpText,
        boolean required,
        boolean unique,
        JsonNode defaultValue,
        Integer maxLength,
        Integer precision,
        Integer scale,
        List<PicklistValue> values,
        String target,
        String pattern,
        boolean internalOnly,
        String formula,
        RollupDefinition rollup) {

    public static final int DEFAULT_TEXT_LENGTH = 255;

    public FieldDefinition {
        label = label == null ? Map.of() : Map.copyOf(label);
        values = values == null ? List.of() : List.copyOf(values);
        if (defaultValue != null && defaultValue.isNull()) {
            defaultValue = null;
        }
    }

    /** The length limit of a text-like value. */
    public int effectiveMaxLength() {
        if (maxLength != null) {
            return maxLength;
        }
        return switch (type) {
            case PICKLIST -> 64;
            case EMAIL, URL -> 320;
            case PHONE -> 40;
            case AUTO_NUMBER -> 64;
            default -> DEFAULT_TEXT_LENGTH;
        };
    }

    /** Total digits of a decimal-like value. */
    public int effectivePrecision() {
        return precision != null ? precision : switch (type) {
            case PERCENT -> 9;
            default -> 18;
        };
    }

    /** Digits after the point of a decimal-like value. */
    public int effectiveScale() {
        return scale != null ? scale : switch (type) {
            case PERCENT -> 4;
            default -> 2;
        };
    }

    /** Computed by the platform (formula, roll-up), never written by a client. */
    public boolean computed() {
        return formula != null || rollup != null;
    }

    public boolean hasValue(String value) {
        for (PicklistValue v : values) { // a plain loop: this runs for every value of every bulk row
            if (value.equals(v.value())) {
                return true;
            }
        }
        return false;
    }
}
