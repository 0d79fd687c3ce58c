package dev.trellis.data.internal;

import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.PicklistValue;
import dev.trellis.data.TableColumn;
import java.util.Map;

/** How an object's fields look as table columns: labels in a locale, cell kinds and number formats. */
final class FieldColumns {

    private FieldColumns() {
    }

    /** A label in the locale, else in English, else the name. */
    static String label(Map<String, String> labels, String locale, String fallback) {
        String label = labels.get(locale);
        if (label == null) {
            label = labels.get("en");
        }
        return label == null || label.isBlank() ? fallback : label;
    }

    static TableColumn column(FieldDefinition field, String locale) {
        String header = label(field.label(), locale, field.name());
        return switch (field.type()) {
            case INTEGER -> TableColumn.of(header, TableColumn.Kind.INTEGER);
            case DECIMAL, CURRENCY, PERCENT -> new TableColumn(header, TableColumn.Kind.DECIMAL,
                    field.effectiveScale() == 0 ? "#,##0" : "#,##0." + "0".repeat(field.effectiveScale()));
            case DATE -> TableColumn.of(header, TableColumn.Kind.DATE);
            case DATETIME -> TableColumn.of(header, TableColumn.Kind.DATETIME);
            case BOOLEAN -> TableColumn.of(header, TableColumn.Kind.BOOLEAN);
            default -> TableColumn.text(header);
        };
    }

    /** The label of a stored picklist value, or the value itself when it has none. */
    static String picklistLabel(FieldDefinition field, String value, String locale) {
        for (PicklistValue v : field.values()) {
            if (v.value().equals(value)) {
                return label(v.label(), locale, value);
            }
        }
        return value;
    }
}
