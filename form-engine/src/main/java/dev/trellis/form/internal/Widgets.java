package dev.trellis.form.internal;

import dev.trellis.core.metadata.FieldType;
import java.util.Set;

/** Which widgets can show a field of each type, and the one a field gets when the form names none. */
final class Widgets {

    private Widgets() {
    }

    static String defaultFor(FieldType type) {
        return switch (type) {
            case LONG_TEXT -> "textarea";
            case INTEGER, DECIMAL -> "number";
            case CURRENCY -> "money";
            case PERCENT -> "percent";
            case BOOLEAN -> "checkbox";
            case DATE -> "date";
            case DATETIME -> "datetime";
            case PICKLIST -> "select";
            case MULTI_PICKLIST -> "multiselect";
            case LOOKUP, MASTER_DETAIL -> "lookup";
            case AUTO_NUMBER, JSON -> "readonly";
            case ATTACHMENT -> "file";
            case IMAGE -> "image";
            default -> "text";
        };
    }

    static Set<String> allowedFor(FieldType type) {
        return switch (type) {
            case LONG_TEXT -> Set.of("textarea", "richtext", "text", "readonly");
            case INTEGER, DECIMAL, CURRENCY, PERCENT -> Set.of("number", "money", "percent", "readonly");
            case BOOLEAN -> Set.of("checkbox", "switch", "readonly");
            case DATE -> Set.of("date", "readonly");
            case DATETIME -> Set.of("datetime", "readonly");
            case PICKLIST -> Set.of("select", "radio", "readonly");
            case MULTI_PICKLIST -> Set.of("multiselect", "checkboxes", "readonly");
            case LOOKUP, MASTER_DETAIL -> Set.of("lookup", "readonly");
            case AUTO_NUMBER, JSON -> Set.of("readonly");
            case ATTACHMENT -> Set.of("file", "readonly");
            case IMAGE -> Set.of("image", "file", "readonly");
            default -> Set.of("text", "readonly");
        };
    }
}
