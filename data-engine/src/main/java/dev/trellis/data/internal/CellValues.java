package dev.trellis.data.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** How the table writers see a value: as a local date-time in the writer's zone, or as text. */
final class CellValues {

    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private CellValues() {
    }

    /** The wall-clock time of a date-time value in the zone; null for a value that is no date-time. */
    static LocalDateTime localDateTime(Object value, ZoneId zone) {
        return switch (value) {
            case LocalDateTime t -> t;
            case OffsetDateTime t -> t.atZoneSameInstant(zone).toLocalDateTime();
            case ZonedDateTime t -> t.withZoneSameInstant(zone).toLocalDateTime();
            case Instant t -> LocalDateTime.ofInstant(t, zone);
            case java.sql.Timestamp t -> LocalDateTime.ofInstant(t.toInstant(), zone);
            default -> null;
        };
    }

    /** A value as the text a CSV cell or a text cell shows. */
    static String text(Object value, ZoneId zone) {
        if (value == null) {
            return "";
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof LocalDate d) {
            return DATE.format(d);
        }
        if (value instanceof java.sql.Date d) {
            return DATE.format(d.toLocalDate());
        }
        LocalDateTime t = localDateTime(value, zone);
        if (t != null) {
            return DATE_TIME.format(t);
        }
        if (value instanceof java.util.Collection<?> items) {
            return String.join(", ", items.stream().map(String::valueOf).toList());
        }
        return value.toString();
    }
}
