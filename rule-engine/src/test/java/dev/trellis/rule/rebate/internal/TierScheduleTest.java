package dev.trellis.rule.rebate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.rule.rebate.RebatePolicyDefinition.Tier;
import dev.trellis.rule.rebate.RebatePolicyDefinition.TierMethod;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tier arithmetic against figures worked out by hand. */
class TierScheduleTest {

    private static final List<Tier> TIERS = List.of(rate("500000", "3"), rate("1000000", "5"));

    private static Tier rate(String from, String rate) {
        return new Tier(new BigDecimal(from), new BigDecimal(rate), null);
    }

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    @Test
    void wholeAmountPaysTheReachedTiersRateOnEverything() {
        TierSchedule whole = new TierSchedule(TIERS, TierMethod.WHOLE, null);
        // 734,000 x 3 % = 22,020
        assertThat(whole.apply(d("734000"), d("734000"))).isEqualTo(
                new TierSchedule.Outcome(1, d("3"), d("22020.00"), d("22020.00"), false));
        // 1,200,000 x 5 % = 60,000
        assertThat(whole.apply(d("1200000"), d("1200000")).amount()).isEqualByComparingTo("60000.00");
        assertThat(whole.apply(d("1000000"), d("1000000")).tier()).isEqualTo(2);
        assertThat(whole.apply(d("499999.99"), d("499999.99"))).isEqualTo(
                new TierSchedule.Outcome(0, null, d("0.00"), d("0.00"), false));
    }

    @Test
    void progressivePaysEachBandAtItsOwnRate() {
        TierSchedule progressive = new TierSchedule(TIERS, TierMethod.PROGRESSIVE, null);
        // (1,000,000 - 500,000) x 3 % + (1,200,000 - 1,000,000) x 5 % = 15,000 + 10,000
        assertThat(progressive.apply(d("1200000"), d("1200000")).amount()).isEqualByComparingTo("25000.00");
        // (734,000 - 500,000) x 3 % = 7,020
        assertThat(progressive.apply(d("734000"), d("734000")).amount()).isEqualByComparingTo("7020.00");
        assertThat(progressive.bands(d("1200000"))).containsExactly(
                new TierSchedule.Band(d("500000"), d("1000000"), d("3"), d("500000"), d("15000.00")),
                new TierSchedule.Band(d("1000000"), null, d("5"), d("200000"), d("10000.00")));
        // from zero: 500,000 x 1 % + 100,000 x 3 % = 5,000 + 3,000
        TierSchedule fromZero = new TierSchedule(List.of(rate("0", "1"), rate("500000", "3")), TierMethod.PROGRESSIVE,
                null);
        assertThat(fromZero.apply(d("600000"), d("600000")).amount()).isEqualByComparingTo("8000.00");
    }

    @Test
    void aCapLimitsTheAmountAndSaysSo() {
        assertThat(new TierSchedule(TIERS, TierMethod.WHOLE, d("20000")).apply(d("1200000"), d("1200000")))
                .isEqualTo(new TierSchedule.Outcome(2, d("5"), d("60000.00"), d("20000.00"), true));
        assertThat(new TierSchedule(TIERS, TierMethod.PROGRESSIVE, d("20000")).apply(d("1200000"), d("1200000"))
                .amount()).isEqualByComparingTo("20000.00");
        assertThat(new TierSchedule(TIERS, TierMethod.WHOLE, d("50000")).apply(d("734000"), d("734000")).capped())
                .isFalse();
    }

    @Test
    void fixedAmountsAndRatesOfASeparateBase() {
        TierSchedule fixed = new TierSchedule(List.of(new Tier(d("10"), null, d("1000")), new Tier(d("20"), null,
                d("2500"))), TierMethod.WHOLE, null);
        assertThat(fixed.apply(d("15"), d("15")).amount()).isEqualByComparingTo("1000.00");
        assertThat(fixed.apply(d("15"), d("15")).rate()).isNull();
        // 12 new customers reach the tier; it pays 2 % of 300,000.50 purchases = 6,000.01
        TierSchedule onBase = new TierSchedule(List.of(rate("10", "2")), TierMethod.WHOLE, null);
        assertThat(onBase.apply(d("12"), d("300000.50")).amount()).isEqualByComparingTo("6000.01");
    }
}
