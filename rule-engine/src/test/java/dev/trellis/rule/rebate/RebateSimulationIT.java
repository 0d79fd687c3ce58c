package dev.trellis.rule.rebate;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.CLERK;
import static dev.trellis.core.testing.CoreContext.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.ForbiddenException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.Problem;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** A changed policy run against a past quarter, compared with what was accrued, writing nothing. */
class RebateSimulationIT {

    private static final LocalDate Q1 = LocalDate.parse("2025-01-15");
    private static RebateFixture f;
    private static long small;
    private static long medium;
    private static long large;

    @BeforeAll
    static void publish() {
        f = RebateFixture.publish("rebate_simulation_it");
        f.publishPolicy(RebateFixture.lineA("line_a"));
        small = f.partner("Small", "silver");
        medium = f.partner("Medium", "gold");
        large = f.partner("Large", "gold");
        f.line(f.order(small, "2025-01-10"), "A", "300000");   // no tier: 0
        f.line(f.order(medium, "2025-02-10"), "A", "600000");  // 3 %: 18,000
        f.line(f.order(large, "2025-03-10"), "A", "1500000");  // 5 %: 75,000
        f.rebates.approve(ADMIN, f.app, f.line("line_a", large, "2025-Q1").id());
    }

    @Test
    void aChangedPolicyIsComparedPerPartnerAndInTotalWithWhatWasAccrued() {
        List<LedgerLine> before = f.ledger("line_a");
        ObjectNode richer = RebateFixture.lineA("line_a");
        // a lower first threshold at 4 %, 6 % from a million
        richer.set("tiers", json("[{\"from\": 250000, \"rate\": 4}, {\"from\": 1000000, \"rate\": 6}]"));

        Simulation simulation = f.rebates.simulate(ADMIN, f.app, richer, Q1, null);

        assertThat(simulation.period().toString()).isEqualTo("2025-Q1");
        assertThat(simulation.comparedWith()).isEqualTo("line_a");
        assertThat(simulation.sourceRecords()).isEqualTo(3);
        assertThat(simulation.partner(small).simulated()).isEqualByComparingTo("12000.00");  // 300,000 x 4 %
        assertThat(simulation.partner(small).accrued()).isEqualByComparingTo("0.00");
        assertThat(simulation.partner(medium).simulated()).isEqualByComparingTo("24000.00"); // 600,000 x 4 %
        assertThat(simulation.partner(medium).accrued()).isEqualByComparingTo("18000.00");
        assertThat(simulation.partner(medium).difference()).isEqualByComparingTo("6000.00");
        assertThat(simulation.partner(large).simulated()).isEqualByComparingTo("90000.00"); // 1,500,000 x 6 %
        assertThat(simulation.partner(large).accrued()).as("approved lines count as accrued")
                .isEqualByComparingTo("75000.00");
        assertThat(simulation.simulatedTotal()).isEqualByComparingTo("126000.00");
        assertThat(simulation.accruedTotal()).isEqualByComparingTo("93000.00");
        assertThat(simulation.difference()).isEqualByComparingTo("33000.00");
        assertThat(simulation.partner(medium).lines()).singleElement().satisfies(line -> {
            assertThat(line.tier()).isEqualTo(1);
            assertThat(line.explanation().get("rate").decimalValue()).isEqualByComparingTo("4");
        });

        assertThat(f.ledger("line_a")).as("a simulation writes nothing").isEqualTo(before);
    }

    @Test
    void aNewPolicyCanBeComparedWithAnExistingOneAndADraftBeforeItIsPublished() {
        ObjectNode flat = RebateFixture.lineA("flat_two_percent");
        flat.set("tiers", json("[{\"from\": 0, \"rate\": 2}]"));
        Simulation versusLineA = f.rebates.simulate(ADMIN, f.app, flat, Q1, "line_a");
        // 2 % of 2,400,000 against 93,000
        assertThat(versusLineA.simulatedTotal()).isEqualByComparingTo("48000.00");
        assertThat(versusLineA.difference()).isEqualByComparingTo("-45000.00");
        assertThat(f.ledger("flat_two_percent")).isEmpty();

        f.metadata.saveDraft(ADMIN, f.app, "rebate_policy", "flat_two_percent", flat, "not published yet");
        Simulation draft = f.rebates.simulateDraft(ADMIN, f.app, "flat_two_percent", Q1);
        assertThat(draft.simulatedTotal()).isEqualByComparingTo("48000.00");
        assertThat(draft.accruedTotal()).as("nothing accrued under the draft's own name").isEqualByComparingTo("0");
    }

    @Test
    void anInvalidDocumentIsRefusedWithEveryProblemAndOnlyManagersSimulate() {
        ObjectNode bad = RebateFixture.lineA("line_a");
        bad.put("partner", "sales_order.nobody");
        bad.set("tiers", json("[{\"from\": 10, \"rate\": 200}]"));
        assertThatThrownBy(() -> f.rebates.simulate(ADMIN, f.app, bad, Q1, null))
                .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path).containsExactlyInAnyOrder("/partner", "/tiers/0/rate"));
        assertThatThrownBy(() -> f.rebates.simulate(CLERK, f.app, RebateFixture.lineA("line_a"), Q1, null))
                .isInstanceOf(ForbiddenException.class);
    }
}
