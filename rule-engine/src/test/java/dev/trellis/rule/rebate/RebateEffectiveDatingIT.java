package dev.trellis.rule.rebate;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.InvalidException;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** A policy changed mid-year: each quarter is computed with the version in force in it, whenever it is computed. */
class RebateEffectiveDatingIT {

    private static RebateFixture f;
    private static long partner;

    @BeforeAll
    static void publish() {
        f = RebateFixture.publish("rebate_dating_it");
        f.publishPolicy(RebateFixture.lineA("line_a")); // version 1: 3 % / 5 % from 2025-01-01
        partner = f.partner("Dated", "gold");
        f.line(f.order(partner, "2025-02-01"), "A", "800000");
        f.line(f.order(partner, "2025-08-01"), "A", "800000");
    }

    @Test
    void aQuarterRecomputedAfterTheChangeStillUsesTheVersionInForceThen() {
        assertThat(f.line("line_a", partner, "2025-Q1").amount()).isEqualByComparingTo("24000.00"); // 3 %
        assertThat(f.line("line_a", partner, "2025-Q3").amount()).isEqualByComparingTo("24000.00");

        // version 2 from July: the first tier pays 4 %
        ObjectNode fromJuly = RebateFixture.lineA("line_a");
        fromJuly.set("tiers", json("[{\"from\": 500000, \"rate\": 4}, {\"from\": 1000000, \"rate\": 6}]"));
        fromJuly.put("validFrom", "2025-07-01");
        f.publishPolicy(fromJuly);

        RecomputeResult q1 = f.rebates.recompute(ADMIN, f.app, "line_a", LocalDate.parse("2025-02-15"));
        assertThat(q1.policyVersion()).isEqualTo(1);
        assertThat(f.line("line_a", partner, "2025-Q1").amount()).isEqualByComparingTo("24000.00");
        assertThat(f.line("line_a", partner, "2025-Q1").rate()).isEqualByComparingTo("3");
        RecomputeResult q3 = f.rebates.recompute(ADMIN, f.app, "line_a", LocalDate.parse("2025-08-15"));
        assertThat(q3.policyVersion()).isEqualTo(2);
        assertThat(f.line("line_a", partner, "2025-Q3").amount()).isEqualByComparingTo("32000.00"); // 4 %
        assertThat(f.line("line_a", partner, "2025-Q3").explanation().get("version").intValue()).isEqualTo(2);

        // a write in each quarter after the change: each quarter keeps its own version
        f.line(f.order(partner, "2025-03-01"), "A", "100000");
        f.line(f.order(partner, "2025-09-01"), "A", "100000");
        LedgerLine q1Line = f.line("line_a", partner, "2025-Q1");
        assertThat(q1Line.policyVersion()).isEqualTo(1);
        assertThat(q1Line.amount()).isEqualByComparingTo("27000.00"); // 900,000 x 3 %
        LedgerLine q3Line = f.line("line_a", partner, "2025-Q3");
        assertThat(q3Line.policyVersion()).isEqualTo(2);
        assertThat(q3Line.amount()).isEqualByComparingTo("36000.00"); // 900,000 x 4 %

        // before the first version's validity nothing is in force
        assertThatThrownBy(() -> f.rebates.recompute(ADMIN, f.app, "line_a", LocalDate.parse("2024-12-31")))
                .isInstanceOfSatisfying(InvalidException.class,
                        e -> assertThat(e.code()).isEqualTo("rebate-policy-not-in-force"));
    }
}
