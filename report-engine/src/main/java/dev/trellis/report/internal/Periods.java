package dev.trellis.report.internal;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Optional;

/**
 * Relative periods a report parameter may name, resolved against a day to an inclusive date range. "last 12
 * months" is the current month and the eleven before it, so a monthly trend has twelve buckets.
 */
final class Periods {

    /** An inclusive range of days. */
    record Range(LocalDate from, LocalDate to) {
    }

    static final List<String> NAMES = List.of("today", "yesterday", "this_week", "last_week", "this_month",
            "last_month", "this_quarter", "last_quarter", "this_year", "last_year", "last_7_days", "last_30_days",
            "last_90_days", "last_12_months", "year_to_date", "quarter_to_date", "month_to_date");

    private Periods() {
    }

    static Optional<Range> resolve(String name, LocalDate today) {
        LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate month = today.withDayOfMonth(1);
        LocalDate quarter = today.with(IsoFields.DAY_OF_QUARTER, 1);
        LocalDate year = today.withDayOfYear(1);
        Range range = switch (name) {
            case "today" -> new Range(today, today);
            case "yesterday" -> new Range(today.minusDays(1), today.minusDays(1));
            case "this_week" -> new Range(monday, monday.plusDays(6));
            case "last_week" -> new Range(monday.minusWeeks(1), monday.minusDays(1));
            case "this_month" -> new Range(month, month.plusMonths(1).minusDays(1));
            case "last_month" -> new Range(month.minusMonths(1), month.minusDays(1));
            case "this_quarter" -> new Range(quarter, quarter.plusMonths(3).minusDays(1));
            case "last_quarter" -> new Range(quarter.minusMonths(3), quarter.minusDays(1));
            case "this_year" -> new Range(year, year.plusYears(1).minusDays(1));
            case "last_year" -> new Range(year.minusYears(1), year.minusDays(1));
            case "last_7_days" -> new Range(today.minusDays(6), today);
            case "last_30_days" -> new Range(today.minusDays(29), today);
            case "last_90_days" -> new Range(today.minusDays(89), today);
            case "last_12_months" -> new Range(month.minusMonths(11), month.plusMonths(1).minusDays(1));
            case "year_to_date" -> new Range(year, today);
            case "quarter_to_date" -> new Range(quarter, today);
            case "month_to_date" -> new Range(month, today);
            default -> null;
        };
        return Optional.ofNullable(range);
    }
}
