package dev.trellis.report;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/** A KPI's value kept for one period (the day, week or month starting {@code period}), with its target then. */
public record KpiSnapshot(String app, String dashboard, String widget, LocalDate period, BigDecimal value,
        BigDecimal target, OffsetDateTime takenAt) {
}
