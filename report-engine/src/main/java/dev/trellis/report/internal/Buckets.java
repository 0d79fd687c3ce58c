package dev.trellis.report.internal;

import java.time.LocalDate;
import java.time.temporal.IsoFields;

/** How a date bucket's start day reads on an axis: 2026-03 for a month, 2026 Q1, 2026-W05, 2026. */
final class Buckets {

    private Buckets() {
    }

    static String label(String bucket, Object value) {
        if (bucket == null || value == null) {
            return value == null ? null : value.toString();
        }
        LocalDate day = LocalDate.parse(value.toString());
        return switch (bucket) {
            case "year" -> String.valueOf(day.getYear());
            case "quarter" -> day.getYear() + " Q" + day.get(IsoFields.QUARTER_OF_YEAR);
            case "month" -> day.toString().substring(0, 7);
            case "week" -> day.get(IsoFields.WEEK_BASED_YEAR) + "-W"
                    + String.format("%02d", day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            default -> day.toString();
        };
    }
}
