package dev.trellis.data.internal;

import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.PicklistValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.DateUtil;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Turns what a spreadsheet cell holds into the JSON value the record service takes for a field, the way
 * people fill in sheets: numbers with thousands separators and currency signs, yes/no and 是/否, dates as
 * 2026-11-23, 2026/11/23, 20261123, 2026年11月23日 or Excel date cells, picklists by value or by label in any
 * locale. What cannot be read is a {@link Failure} with a message for the rejected-rows file; the record
 * service still checks every value it receives.
 */
final class CellConverter {

    /** A cell that does not read as the field's type. */
    record Failure(String code, String message) {
    }

    static final JsonNodeFactory NODES = Json.MAPPER.getNodeFactory();
    private static final Pattern DATE = Pattern.compile(
            "^(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})\\s*日?(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.\\d+)?)?)?$");
    private static final Pattern COMPACT_DATE = Pattern.compile("^(\\d{4})(\\d{2})(\\d{2})$");
    private static final Pattern NUMBER_NOISE = Pattern.compile("[,\\s¥￥$€£]");
    private static final Pattern LIST_SEPARATOR = Pattern.compile("\\s*[,;，；、|]\\s*");

    private final ZoneId zone;

    CellConverter(ZoneId zone) {
        this.zone = zone;
    }

    /** The JSON value, or null for an empty cell; a {@link Failure} for a cell that does not read. */
    Object convert(FieldDefinition field, Object cell) {
        if (cell == null || cell instanceof String s && s.isBlank()) {
            return null;
        }
        return switch (field.type()) {
            case TEXT, LONG_TEXT, EMAIL, PHONE, URL, AUTO_NUMBER -> NODES.stringNode(text(cell));
            case INTEGER -> {
                BigDecimal d = number(cell);
                if (d == null) {
                    yield new Failure("value-type-mismatch", "'" + text(cell) + "' is not a whole number");
                }
                try {
                    yield NODES.numberNode(d.longValueExact());
                } catch (ArithmeticException e) {
                    yield new Failure("value-type-mismatch", "'" + text(cell) + "' is not a whole number");
                }
            }
            case DECIMAL, CURRENCY, PERCENT -> {
                BigDecimal d = number(cell);
                yield d == null ? new Failure("value-type-mismatch", "'" + text(cell) + "' is not a number")
                        : NODES.numberNode(d);
            }
            case BOOLEAN -> bool(cell);
            case DATE -> {
                LocalDateTime t = dateTime(cell);
                yield t == null ? new Failure("value-invalid-date", "'" + text(cell) + "' is not a date (use 2026-11-23)")
                        : NODES.stringNode(t.toLocalDate().toString());
            }
            case DATETIME -> datetime(cell);
            case PICKLIST -> picklist(field, text(cell));
            case MULTI_PICKLIST -> {
                ArrayNode values = NODES.arrayNode();
                for (String part : LIST_SEPARATOR.split(text(cell))) {
                    if (part.isEmpty()) {
                        continue;
                    }
                    Object v = picklist(field, part);
                    if (v instanceof Failure) {
                        yield v;
                    }
                    values.add((JsonNode) v);
                }
                yield values;
            }
            case JSON -> {
                try {
                    yield Json.parse(text(cell));
                } catch (RuntimeException e) {
                    yield new Failure("value-type-mismatch", "not valid JSON");
                }
            }
            // lookups are resolved by their key field in batches (see LookupResolver)
            case LOOKUP, MASTER_DETAIL -> NODES.stringNode(text(cell));
            // a file is uploaded through its record's form, never named in a sheet
            case ATTACHMENT, IMAGE -> new Failure("field-not-importable", "files are uploaded on the record, not imported");
        };
    }

    /** A cell as text: numbers without trailing zeros or exponents, Excel dates as dates. */
    static String text(Object cell) {
        return switch (cell) {
            case String s -> s.strip();
            case BigDecimal d -> d.stripTrailingZeros().toPlainString();
            case LocalDateTime t -> t.toLocalTime().equals(java.time.LocalTime.MIDNIGHT)
                    ? t.toLocalDate().toString() : t.toString().replace('T', ' ');
            default -> String.valueOf(cell);
        };
    }

    private static BigDecimal number(Object cell) {
        if (cell instanceof BigDecimal d) {
            return d;
        }
        if (!(cell instanceof String s)) {
            return null;
        }
        String cleaned = NUMBER_NOISE.matcher(s).replaceAll("");
        boolean percent = cleaned.endsWith("%");
        if (percent) {
            cleaned = cleaned.substring(0, cleaned.length() - 1);
        }
        try {
            return new BigDecimal(cleaned);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Object bool(Object cell) {
        if (cell instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        String s = text(cell).toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true", "yes", "y", "1", "是", "对", "x", "✓", "√" -> NODES.booleanNode(true);
            case "false", "no", "n", "0", "否", "错" -> NODES.booleanNode(false);
            default -> new Failure("value-type-mismatch", "'" + text(cell) + "' is not yes or no (true/false, 是/否)");
        };
    }

    private LocalDateTime dateTime(Object cell) {
        if (cell instanceof LocalDateTime t) {
            return t;
        }
        if (cell instanceof BigDecimal d) {
            // a date typed into a cell formatted as a number: Excel's day serial
            double serial = d.doubleValue();
            return serial > 0 && serial < 2_958_466 && !COMPACT_DATE.matcher(d.toPlainString()).matches()
                    ? DateUtil.getLocalDateTime(serial) : compact(d.toPlainString());
        }
        String s = text(cell);
        Matcher m = DATE.matcher(s);
        if (m.matches()) {
            try {
                return LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)), m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
                        m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                        m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
            } catch (java.time.DateTimeException e) {
                return null;
            }
        }
        return compact(s);
    }

    private static LocalDateTime compact(String s) {
        Matcher m = COMPACT_DATE.matcher(s);
        if (!m.matches()) {
            return null;
        }
        try {
            return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)))
                    .atStartOfDay();
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    private Object datetime(Object cell) {
        if (cell instanceof String s) {
            try {
                return NODES.stringNode(OffsetDateTime.parse(s.strip()).toString());
            } catch (DateTimeParseException e) {
                // a local date-time, read below
            }
        }
        LocalDateTime t = dateTime(cell);
        return t == null ? new Failure("value-invalid-datetime", "'" + text(cell) + "' is not a date and time"
                + " (use 2026-11-23 14:30)") : NODES.stringNode(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.atZone(zone)));
    }

    private static Object picklist(FieldDefinition field, String text) {
        for (PicklistValue v : field.values()) {
            if (v.value().equals(text)) {
                return NODES.stringNode(v.value());
            }
        }
        for (PicklistValue v : field.values()) {
            if (v.value().equalsIgnoreCase(text) || v.label().values().stream().anyMatch(l -> l.strip().equalsIgnoreCase(text))) {
                return NODES.stringNode(v.value());
            }
        }
        List<String> choices = field.values().stream().limit(10).map(v -> v.label().isEmpty() ? v.value()
                : v.value() + " (" + String.join("/", v.label().values()) + ")").toList();
        return new Failure("value-invalid-choice", "'" + text + "' is not one of " + String.join(", ", choices)
                + (field.values().size() > 10 ? ", …" : ""));
    }
}
