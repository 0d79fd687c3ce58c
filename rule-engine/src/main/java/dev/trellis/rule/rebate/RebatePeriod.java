package dev.trellis.rule.rebate;

import java.time.LocalDate;

/** One rebate period: from {@code start} up to, not including, {@code end}. */
public record RebatePeriod(PeriodUnit unit, LocalDate start, LocalDate end) {

    public boolean contains(LocalDate day) {
        return !day.isBefore(start) && day.isBefore(end);
    }

    /** {@code 2025-Q1}, {@code 2025-03}, {@code 2025}. */
    @Override
    public String toString() {
        return switch (unit) {
            case MONTH -> String.format("%d-%02d", start.getYear(), start.getMonthValue());
            case QUARTER -> start.getYear() + "-Q" + ((start.getMonthValue() - 1) / 3 + 1);
            case YEAR -> Integer.toString(start.getYear());
        };
    }
}
