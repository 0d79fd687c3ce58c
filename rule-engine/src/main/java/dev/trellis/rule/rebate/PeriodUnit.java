package dev.trellis.rule.rebate;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.LocalDate;
import java.util.Arrays;

/** The length of a rebate period; periods are calendar months, quarters and years. */
public enum PeriodUnit {
    MONTH(1), QUARTER(3), YEAR(12);

    private final int months;

    PeriodUnit(int months) {
        this.months = months;
    }

    @JsonValue
    public String jsonName() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static PeriodUnit fromJson(String json) {
        return Arrays.stream(values()).filter(p -> p.jsonName().equals(json)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown period " + json));
    }

    /** The period of this length that holds a day. */
    public RebatePeriod periodOf(LocalDate day) {
        int firstMonth = (day.getMonthValue() - 1) / months * months + 1;
        LocalDate start = LocalDate.of(day.getYear(), firstMonth, 1);
        return new RebatePeriod(this, start, start.plusMonths(months));
    }

    /** Whether a day is where a period of this length starts (and so where a validity may begin or end). */
    public boolean isBoundary(LocalDate day) {
        return periodOf(day).start().equals(day);
    }
}
