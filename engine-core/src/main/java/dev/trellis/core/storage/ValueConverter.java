package dev.trellis.core.storage;

import dev.trellis.core.Problem;
import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.FieldType;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jooq.JSONB;
import tools.jackson.databind.JsonNode;

/**
 * Converts between JSON values and column values of a field. Input conversion is strict (a string is
 * not a number) and reports each bad value as a {@link Problem} at the given path instead of throwing,
 * so one request reports all its bad fields at once. Used for record values, filter operands and
 * metadata default values alike.
 */
public final class ValueConverter {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s.]+$");
    /** Digits, spaces, ( ) - . and an optional leading +, with at least three digits ("---" is no number). */
    private static final Pattern PHONE = Pattern.compile("^\\+?(?=(?:[^0-9]*[0-9]){3})[0-9 ()\\-.]{3,39}$");

    private ValueConverter() {
    }

    /**
     * The column value for a JSON value, or {@code null} for JSON null; on a bad value a problem is
     * added and {@code null} returned.
     */
    public static Object toColumn(FieldDefinition field, JsonNode value, String path, List<Problem> problems) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        return switch (field.type()) {
            case TEXT, LONG_TEXT, AUTO_NUMBER -> text(field, value, path, problems);
            case EMAIL -> checked(text(field, value, path, problems), EMAIL, "value-invalid-email",
                    "must be an e-mail address like name@example.com", path, problems);
            case PHONE -> checked(text(field, value, path, problems), PHONE, "value-invalid-phone",
                    "must be a phone number of digits, spaces, ( ) - . and an optional leading +", path, problems);
            case URL -> url(field, value, path, problems);
            case PICKLIST -> picklist(field, value, path, problems);
            case MULTI_PICKLIST -> multiPicklist(field, value, path, problems);
            case INTEGER, LOOKUP, MASTER_DETAIL, ATTACHMENT, IMAGE -> integer(value, path, problems);
            case DECIMAL, CURRENCY, PERCENT -> decimal(field, value, path, problems);
            case BOOLEAN -> {
                if (value.isBoolean()) {
                    yield value.booleanValue();
                }
                yield mismatch("must be true or false", path, problems);
            }
            case DATE -> date(value, path, problems);
            case DATETIME -> dateTime(value, path, problems);
            case JSON -> JSONB.valueOf(Json.write(value));
        };
    }

    /** PostgreSQL text cannot hold U+0000; says so at the path instead of letting the database refuse it. */
    public static boolean noNulCharacter(String s, String path, List<Problem> problems) {
        if (s.indexOf('\u0000') >= 0) {
            problems.add(Problem.of("value-invalid-character", path, "must not contain the NUL character (\\u0000)"));
            return false;
        }
        return true;
    }

    /** Years 1 to 9999: what people mean by a date, and well inside what PostgreSQL stores. */
    private static boolean inRange(int year, String path, List<Problem> problems) {
        if (year < 1 || year > 9999) {
            problems.add(Problem.of("value-out-of-range", path, "the year must lie between 1 and 9999"));
            return false;
        }
        return true;
    }

    /**
     * The JSON-friendly value a column value has once stored, without reading it back: decimals take
     * the column's scale, date-times come back in UTC, as PostgreSQL returns them.
     */
    public static Object asStored(FieldDefinition field, Object value) {
        return switch (value) {
            case BigDecimal d when field.type().isNumeric() && field.type() != FieldType.INTEGER ->
                    d.setScale(field.effectiveScale(), java.math.RoundingMode.UNNECESSARY);
            case OffsetDateTime t -> t.withOffsetSameInstant(java.time.ZoneOffset.UTC);
            case null, default -> fromColumn(value);
        };
    }

    /** The JSON-friendly value of a column value as jOOQ fetched it (arrays become lists, jsonb a tree). */
    public static Object fromColumn(Object value) {
        if (value instanceof JSONB jsonb) {
            return Json.parse(jsonb.data());
        }
        if (value instanceof Object[] array) {
            return Arrays.asList(array);
        }
        return value;
    }

    private static Object mismatch(String message, String path, List<Problem> problems) {
        problems.add(new Problem("value-type-mismatch", path, message, Map.of()));
        return null;
    }

    private static String text(FieldDefinition field, JsonNode value, String path, List<Problem> problems) {
        if (!value.isString()) {
            mismatch("must be a string", path, problems);
            return null;
        }
        String s = value.stringValue();
        if (!noNulCharacter(s, path, problems)) {
            return null;
        }
        int max = field.type() == FieldType.LONG_TEXT
                ? (field.maxLength() == null ? Integer.MAX_VALUE : field.maxLength())
                : field.effectiveMaxLength();
        if (s.length() > max && s.codePointCount(0, s.length()) > max) {
            problems.add(new Problem("value-too-long", path, "must be at most " + max + " characters",
                    Map.of("maxLength", max)));
            return null;
        }
        return s;
    }

    private static String checked(String s, Pattern pattern, String code, String message, String path,
            List<Problem> problems) {
        if (s == null) {
            return null;
        }
        if (!pattern.matcher(s).matches()) {
            problems.add(Problem.of(code, path, message));
            return null;
        }
        return s;
    }

    private static String url(FieldDefinition field, JsonNode value, String path, List<Problem> problems) {
        String s = text(field, value, path, problems);
        if (s == null) {
            return null;
        }
        try {
            URI uri = new URI(s);
            if (uri.getScheme() != null && (uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    && uri.getHost() != null) {
                return s;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        problems.add(Problem.of("value-invalid-url", path, "must be an http or https address"));
        return null;
    }

    private static String picklist(FieldDefinition field, JsonNode value, String path, List<Problem> problems) {
        if (!value.isString()) {
            mismatch("must be one of the picklist's values, as a string", path, problems);
            return null;
        }
        String s = value.stringValue();
        if (!field.hasValue(s)) {
            problems.add(new Problem("value-not-in-picklist", path, "'" + s + "' is not one of "
                    + field.values().stream().map(v -> v.value()).toList(), Map.of("value", s)));
            return null;
        }
        return s;
    }

    private static String[] multiPicklist(FieldDefinition field, JsonNode value, String path, List<Problem> problems) {
        if (!value.isArray()) {
            mismatch("must be an array of the picklist's values", path, problems);
            return null;
        }
        Set<String> chosen = new LinkedHashSet<>();
        int before = problems.size();
        for (int i = 0; i < value.size(); i++) {
            String s = picklist(field, value.get(i), path + "/" + i, problems);
            if (s != null && !chosen.add(s)) {
                problems.add(Problem.of("value-duplicate", path + "/" + i, "'" + s + "' is chosen twice"));
            }
        }
        return problems.size() == before ? chosen.toArray(String[]::new) : null;
    }

    private static Long integer(JsonNode value, String path, List<Problem> problems) {
        if (!value.isNumber()) {
            mismatch("must be a whole number", path, problems);
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        BigDecimal d = value.decimalValue();
        try {
            return d.longValueExact();
        } catch (ArithmeticException e) {
            if (d.stripTrailingZeros().scale() > 0) {
                mismatch("must be a whole number", path, problems);
                return null;
            }
            problems.add(Problem.of("value-out-of-range", path, "must lie between "
                    + Long.MIN_VALUE + " and " + Long.MAX_VALUE));
            return null;
        }
    }

    private static BigDecimal decimal(FieldDefinition field, JsonNode value, String path, List<Problem> problems) {
        if (!value.isNumber()) {
            mismatch("must be a number", path, problems);
            return null;
        }
        BigDecimal d = value.decimalValue();
        int scale = field.effectiveScale();
        int precision = field.effectivePrecision();
        // most values already have no more decimals than the column: skip the stripping then
        BigDecimal stripped = d.scale() <= scale ? d : d.stripTrailingZeros();
        if (stripped.scale() > scale) {
            problems.add(new Problem("value-scale-exceeded", path, "must have at most " + scale
                    + " digits after the decimal point", Map.of("scale", scale)));
            return null;
        }
        // zero has one digit before the point by BigDecimal's count, yet fits numeric(p, p)
        // in long: a value like 1e2147483647 would overflow the int difference and slip through
        if (stripped.signum() != 0 && (long) stripped.precision() - stripped.scale() > precision - scale) {
            problems.add(new Problem("value-out-of-range", path, "must have at most " + (precision - scale)
                    + " digits before the decimal point", Map.of("precision", precision, "scale", scale)));
            return null;
        }
        return d;
    }

    private static LocalDate date(JsonNode value, String path, List<Problem> problems) {
        if (value.isString()) {
            try {
                LocalDate date = LocalDate.parse(value.stringValue());
                if (inRange(date.getYear(), path, problems)) {
                    return date;
                }
                return null;
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        problems.add(Problem.of("value-invalid-date", path, "must be a date like 2026-11-23"));
        return null;
    }

    private static OffsetDateTime dateTime(JsonNode value, String path, List<Problem> problems) {
        if (value.isString()) {
            try {
                OffsetDateTime time = OffsetDateTime.parse(value.stringValue());
                if (inRange(time.getYear(), path, problems)) {
                    return time;
                }
                return null;
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        problems.add(Problem.of("value-invalid-datetime", path,
                "must be a date and time with an offset, like 2026-11-23T09:30:00+08:00"));
        return null;
    }
}
