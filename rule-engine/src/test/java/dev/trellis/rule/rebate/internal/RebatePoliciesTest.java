package dev.trellis.rule.rebate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.json.Json;
import dev.trellis.rule.rebate.PeriodUnit;
import dev.trellis.rule.rebate.RebatePeriod;
import dev.trellis.rule.rebate.RebatePolicyDefinition;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which published version is in force for a period. */
class RebatePoliciesTest {

    private static RebatePolicies.Version version(int number, String validFrom, String publishedOn) {
        RebatePolicyDefinition definition = Json.MAPPER.treeToValue(Json.parse("""
                {"name": "p", "source": "order_line", "date": "order_date", "partner": "partner", "period": "quarter",
                 "metric": {"aggregate": "sum", "field": "amount"}, "tiers": [{"from": 0, "rate": %d}]%s}"""
                .formatted(number, validFrom == null ? "" : ", \"validFrom\": \"" + validFrom + "\"")),
                RebatePolicyDefinition.class);
        return new RebatePolicies.Version(number, definition,
                LocalDate.parse(publishedOn).atStartOfDay().atOffset(ZoneOffset.UTC));
    }

    private static int inForce(List<RebatePolicies.Version> versions, String day) {
        return RebatePolicies.select(versions, LocalDate.parse(day)).map(f -> f.version().number()).orElse(0);
    }

    @Test
    void aVersionStartingMidYearLeavesTheEarlierQuartersToTheVersionBefore() {
        List<RebatePolicies.Version> versions = List.of(version(2, "2025-07-01", "2026-02-01"),
                version(1, "2025-01-01", "2026-01-15"));
        assertThat(inForce(versions, "2025-02-10")).isEqualTo(1);
        assertThat(inForce(versions, "2025-06-30")).isEqualTo(1);
        assertThat(inForce(versions, "2025-07-01")).isEqualTo(2);
        assertThat(inForce(versions, "2024-12-31")).isZero();
    }

    @Test
    void aPeriodThatClosedUnderAVersionKeepsItWhateverIsPublishedLater() {
        // version 1 went live in January 2025; version 2, published in May, claims the whole year
        List<RebatePolicies.Version> versions = List.of(version(2, "2025-01-01", "2025-05-10"),
                version(1, "2025-01-01", "2025-01-02"));
        assertThat(inForce(versions, "2025-03-31")).as("Q1 closed on 1 April under version 1").isEqualTo(1);
        assertThat(inForce(versions, "2025-04-01")).as("Q2 was open when version 2 came").isEqualTo(2);
    }

    @Test
    void periodsAreCalendarMonthsQuartersAndYears() {
        assertThat(PeriodUnit.QUARTER.periodOf(LocalDate.parse("2025-05-17"))).isEqualTo(
                new RebatePeriod(PeriodUnit.QUARTER, LocalDate.parse("2025-04-01"), LocalDate.parse("2025-07-01")));
        assertThat(PeriodUnit.QUARTER.periodOf(LocalDate.parse("2025-12-31")).toString()).isEqualTo("2025-Q4");
        assertThat(PeriodUnit.MONTH.periodOf(LocalDate.parse("2025-02-28")).end()).isEqualTo("2025-03-01");
        assertThat(PeriodUnit.YEAR.isBoundary(LocalDate.parse("2025-01-01"))).isTrue();
        assertThat(PeriodUnit.QUARTER.isBoundary(LocalDate.parse("2025-02-01"))).isFalse();
    }
}
