package dev.trellis.rule.rebate;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.CLERK;
import static dev.trellis.core.testing.CoreContext.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.Actor;
import dev.trellis.core.ConflictException;
import dev.trellis.core.ForbiddenException;
import dev.trellis.core.testing.CoreContext;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ObjectNode;

/** The ledger kept by record writes and by full recomputes: tiers, caps, bonuses, statuses, explanations. */
class RebateLedgerIT {

    private static RebateFixture f;

    @BeforeAll
    static void publish() {
        f = RebateFixture.publish("rebate_ledger_it");
        f.publishPolicy(RebateFixture.lineA("line_a"));
        ObjectNode progressive = RebateFixture.lineA("line_a_progressive");
        progressive.put("method", "progressive");
        progressive.put("cap", 20000);
        f.publishPolicy(progressive);
        f.publishPolicy(json("""
                {"name": "new_customers", "source": "order_line", "date": "sales_order.order_date",
                 "partner": "sales_order.partner", "scope": {"field": "product_line", "op": "eq", "value": "A"},
                 "period": "quarter", "metric": {"aggregate": "count_distinct", "field": "sales_order.customer"},
                 "tiers": [{"from": 3, "amount": 1000}],
                 "bonuses": [{"name": "first_order", "condition": "sales_order.customer.is_new",
                              "firstPer": "sales_order.customer", "amount": 500, "payee": "sales_order.owner_id"}]}"""));
    }

    @Test
    void wholeAmountTiersAccrueOnEachWriteAndExplainThemselves() {
        long acme = f.partner("Acme", "gold");
        long order = f.order(acme, "2025-02-10");
        f.line(order, "A", "400000");
        long second = f.line(order, "A", "334000");
        f.line(order, "B", "900000"); // product line B is out of scope

        LedgerLine line = f.line("line_a", acme, "2025-Q1");
        // 734,000 reaches the first tier: 3 % of 734,000
        assertThat(line.metric()).isEqualByComparingTo("734000");
        assertThat(line.tier()).isEqualTo(1);
        assertThat(line.rate()).isEqualByComparingTo("3");
        assertThat(line.amount()).isEqualByComparingTo("22020.00");
        assertThat(line.policyVersion()).isEqualTo(1);
        assertThat(line.kind()).isEqualTo("accrual");
        assertThat(line.status()).isEqualTo(LedgerStatus.ACCRUED);
        assertThat(line.explanation().get("policy").stringValue()).isEqualTo("line_a");
        assertThat(line.explanation().get("version").intValue()).isEqualTo(1);
        assertThat(line.explanation().get("tier").intValue()).isEqualTo(1);
        assertThat(line.explanation().get("rate").decimalValue()).isEqualByComparingTo("3");
        assertThat(line.explanation().at("/metric/value").decimalValue()).isEqualByComparingTo("734000");
        assertThat(line.explanation().at("/nextTier/missing").decimalValue()).isEqualByComparingTo("266000");
        assertThat(line.explanation().at("/sources/count").intValue()).isEqualTo(2);
        assertThat(line.explanation().at("/sources/query/partnerId").longValue()).isEqualTo(acme);
        assertThat(f.rebates.sourceRecords(ADMIN, f.app, line.id(), 10)).hasSize(2).contains(second);

        RecomputeResult full = f.rebates.recompute(ADMIN, f.app, "line_a", LocalDate.parse("2025-03-31"));
        assertThat(full.policyVersion()).isEqualTo(1);
        assertThat(full.period().toString()).isEqualTo("2025-Q1");
        assertThat(f.line("line_a", acme, "2025-Q1").amount()).isEqualByComparingTo("22020.00");
        assertThat(f.line("line_a", acme, "2025-Q1").id()).as("the open line is updated, not replaced").isEqualTo(line.id());
    }

    @Test
    void progressiveTiersPayEachBandAndACapLimitsThem() {
        long big = f.partner("Big", "gold");
        long order = f.order(big, "2025-11-20");
        f.line(order, "A", "700000");
        f.line(order, "A", "500000");
        // whole: 1,200,000 x 5 % = 60,000
        assertThat(f.line("line_a", big, "2025-Q4").amount()).isEqualByComparingTo("60000.00");
        // progressive: 500,000 x 3 % + 200,000 x 5 % = 25,000, capped at 20,000
        LedgerLine capped = f.line("line_a_progressive", big, "2025-Q4");
        assertThat(capped.amount()).isEqualByComparingTo("20000.00");
        assertThat(capped.tier()).isEqualTo(2);
        assertThat(capped.explanation().get("uncapped").decimalValue()).isEqualByComparingTo("25000.00");
        assertThat(capped.explanation().get("capped").booleanValue()).isTrue();
        assertThat(capped.explanation().at("/bands/0/amount").decimalValue()).isEqualByComparingTo("15000.00");
        assertThat(capped.explanation().at("/bands/1/amount").decimalValue()).isEqualByComparingTo("10000.00");

        long small = f.partner("Small", "silver");
        f.line(f.order(small, "2025-12-01"), "A", "734000");
        // progressive: (734,000 - 500,000) x 3 % = 7,020, under the cap
        assertThat(f.line("line_a_progressive", small, "2025-Q4").amount()).isEqualByComparingTo("7020.00");
        assertThat(f.line("line_a_progressive", small, "2025-Q4").explanation().get("capped").booleanValue()).isFalse();
    }

    @Test
    void incrementalUpdatesAfterCreateUpdateAndDeleteMatchAFullRecompute() {
        long one = f.partner("Inc One", "gold");
        long two = f.partner("Inc Two", "silver");
        long o1 = f.order(one, "2025-04-05");
        long l1 = f.line(o1, "A", "300000");
        long l2 = f.line(o1, "A", "250000");
        long o2 = f.order(two, "2025-05-01");
        long l3 = f.line(o2, "A", "1000000");
        assertThat(amount(one, "2025-Q2")).isEqualTo("16500.00"); // 550,000 x 3 %
        assertThat(amount(two, "2025-Q2")).isEqualTo("50000.00"); // 1,000,000 x 5 %
        assertMatchesFullRecompute("2025-05-15");

        f.update("order_line", l1, "{\"amount\": 500000}");
        assertThat(amount(one, "2025-Q2")).isEqualTo("22500.00"); // 750,000 x 3 %
        f.update("order_line", l2, "{\"product_line\": \"B\"}"); // leaves the scope
        assertThat(amount(one, "2025-Q2")).isEqualTo("15000.00"); // 500,000 x 3 %
        f.update("order_line", l3, "{\"sales_order\": " + o1 + "}"); // moves to partner one
        assertThat(amount(one, "2025-Q2")).isEqualTo("75000.00"); // 1,500,000 x 5 %
        assertThat(amount(two, "2025-Q2")).as("no records left: the open line goes").isNull();
        assertMatchesFullRecompute("2025-05-15");

        f.update("sales_order", o1, "{\"order_date\": \"2025-07-02\"}"); // the whole order moves to Q3
        assertThat(amount(one, "2025-Q2")).isNull();
        assertThat(amount(one, "2025-Q3")).isEqualTo("75000.00");
        f.update("sales_order", o1, "{\"partner\": " + two + "}"); // and to the other partner
        assertThat(amount(one, "2025-Q3")).isNull();
        assertThat(amount(two, "2025-Q3")).isEqualTo("75000.00");
        assertMatchesFullRecompute("2025-05-15", "2025-08-01");

        f.delete("order_line", l1);
        assertThat(amount(two, "2025-Q3")).isEqualTo("50000.00"); // 1,000,000 x 5 %
        f.delete("sales_order", o1); // its lines go with it
        assertThat(amount(two, "2025-Q3")).isNull();
        f.line(o2, "A", "10"); // below every tier: a line of zero, so the partner sees where they stand
        assertThat(amount(two, "2025-Q2")).isEqualTo("0.00");
        assertMatchesFullRecompute("2025-05-15", "2025-08-01");
    }

    @Test
    void approvedAndPaidLinesNeverChangeAndLaterChangesLandOnADifferenceLine() {
        long p = f.partner("Frozen", "gold");
        long order = f.order(p, "2025-08-01");
        long first = f.line(order, "A", "600000");
        LedgerLine accrued = f.line("line_a", p, "2025-Q3"); // 18,000
        LedgerLine approved = f.rebates.approve(ADMIN, f.app, accrued.id());
        assertThat(approved.status()).isEqualTo(LedgerStatus.APPROVED);
        assertThat(approved.approvedBy()).isEqualTo("admin");
        assertThatThrownBy(() -> f.rebates.approve(ADMIN, f.app, accrued.id()))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.code()).isEqualTo("rebate-line-status-conflict"));
        assertThat(f.rebates.pay(ADMIN, f.app, accrued.id()).status()).isEqualTo(LedgerStatus.PAID);
        assertThatThrownBy(() -> f.rebates.pay(ADMIN, f.app, accrued.id())).isInstanceOf(ConflictException.class)
                .hasMessageContaining("is paid");

        f.line(order, "A", "500000"); // 1,100,000 now earns 55,000: 37,000 more than was paid
        LedgerLine difference = f.line("line_a", p, "2025-Q3");
        assertThat(difference.kind()).isEqualTo("difference");
        assertThat(difference.amount()).isEqualByComparingTo("37000.00");
        assertThat(difference.total()).isEqualByComparingTo("55000.00");
        assertThat(difference.explanation().get("approvedOrPaid").decimalValue()).isEqualByComparingTo("18000.00");
        f.rebates.recompute(ADMIN, f.app, "line_a", LocalDate.parse("2025-08-01"));
        LedgerLine paid = f.rebates.line(ADMIN, f.app, accrued.id());
        assertThat(paid.amount()).isEqualByComparingTo("18000.00");
        assertThat(paid.status()).isEqualTo(LedgerStatus.PAID);
        assertThat(f.line("line_a", p, "2025-Q3").amount()).isEqualByComparingTo("37000.00");

        f.delete("sales_order", order); // nothing earned any more: the paid 18,000 is clawed back
        assertThat(f.line("line_a", p, "2025-Q3").amount()).isEqualByComparingTo("-18000.00");
        assertThat(first).isPositive();
    }

    @Test
    void aNewCustomersFirstOrderEarnsItsOwnerABonusThatFollowsTheFirstOrder() {
        long p = f.partner("Bonus Partner", "gold");
        long newco = f.customer("Newco", true);
        long oldco = f.customer("Oldco", false);
        long o1 = f.order(p, newco, "2025-05-10", 501L);
        long firstLine = f.line(o1, "A", "1000");
        f.line(o1, "A", "2000");
        f.line(f.order(p, oldco, "2025-05-11", 501L), "A", "100"); // not a new customer
        assertThat(bonuses(p)).containsExactly("bonus:first_order " + p + "/501 2025-Q2 accrual 500.00 of 1 tier 0 v1");
        LedgerLine bonus = bonusLine(p, 501);
        assertThat(bonus.payeeKind()).isEqualTo("user");
        assertThat(f.rebates.sourceRecords(ADMIN, f.app, bonus.id(), 10)).containsExactly(firstLine);

        // an earlier order of the same customer, by another salesperson: the bonus moves to it
        long o2 = f.order(p, newco, "2025-04-02", 502L);
        long earlier = f.line(o2, "A", "10");
        assertThat(bonuses(p)).containsExactly("bonus:first_order " + p + "/502 2025-Q2 accrual 500.00 of 1 tier 0 v1");
        assertThat(f.rebates.sourceRecords(ADMIN, f.app, bonusLine(p, 502).id(), 10)).containsExactly(earlier);
        f.update("sales_order", o2, "{\"order_date\": \"2025-03-30\"}");
        assertThat(bonuses(p)).containsExactly("bonus:first_order " + p + "/502 2025-Q1 accrual 500.00 of 1 tier 0 v1");
        // an even earlier order, of product line B only: out of scope, yet the customer's first, so no bonus at all
        long o3 = f.order(p, newco, "2025-03-01", 503L);
        long outOfScope = f.line(o3, "B", "10");
        assertThat(bonuses(p)).isEmpty();
        f.update("order_line", outOfScope, "{\"sales_order\": " + o1 + "}"); // moved out again: 502 earns it back
        assertThat(bonuses(p)).containsExactly("bonus:first_order " + p + "/502 2025-Q1 accrual 500.00 of 1 tier 0 v1");
        List<String> incremental = f.openLines("new_customers");
        f.rebates.recompute(ADMIN, f.app, "new_customers", LocalDate.parse("2025-03-01"));
        f.rebates.recompute(ADMIN, f.app, "new_customers", LocalDate.parse("2025-06-01"));
        assertThat(f.openLines("new_customers")).isEqualTo(incremental);
    }

    @Test
    void anEarlierOrderSavedWithItsLinesInOneTransactionTakesTheBonusFromTheFirstOrderBefore() {
        long p = f.partner("Batch Partner", "gold");
        long batchco = f.customer("Batchco", true);
        f.line(f.order(p, batchco, "2025-05-10", 701L), "A", "1000");
        assertThat(bonuses(p)).containsExactly("bonus:first_order " + p + "/701 2025-Q2 accrual 500.00 of 1 tier 0 v1");
        // an earlier order and its six lines, saved together as a form saves them: they now come first, six
        // records ahead of the line that came first until this transaction
        CoreContext.get().getBean(TransactionTemplate.class).executeWithoutResult(status -> {
            long earlier = f.order(p, batchco, "2025-04-03", 702L);
            for (int i = 1; i <= 6; i++) {
                f.line(earlier, "A", String.valueOf(10 * i));
            }
        });
        assertThat(bonuses(p)).containsExactly("bonus:first_order " + p + "/702 2025-Q2 accrual 500.00 of 1 tier 0 v1");
        assertMatchesFullRecompute("2025-05-01");
    }

    @Test
    void aTransactionThatPutsAnOrderFirstAndThenDeletesTheOldFirstLeavesNoBonusBehind() {
        long p = f.partner("Swap Partner", "gold");
        long swapco = f.customer("Swapco", true);
        long oldFirst = f.line(f.order(p, swapco, "2025-05-10", 711L), "A", "1000");
        assertThat(bonuses(p)).containsExactly("bonus:first_order " + p + "/711 2025-Q2 accrual 500.00 of 1 tier 0 v1");
        CoreContext.get().getBean(TransactionTemplate.class).executeWithoutResult(status -> {
            f.line(f.order(p, swapco, "2025-04-03", 712L), "A", "10");
            f.delete("order_line", oldFirst); // no longer first when deleted, yet it held the bonus until now
        });
        assertThat(bonuses(p)).containsExactly("bonus:first_order " + p + "/712 2025-Q2 accrual 500.00 of 1 tier 0 v1");
        assertMatchesFullRecompute("2025-05-01");
    }

    @Test
    void deletingTheFirstRecordTakesItsOwnersBonusAlong() {
        f.publishPolicy(json("""
                {"name": "line_owner_bonus", "source": "order_line", "date": "sales_order.order_date",
                 "partner": "sales_order.partner", "period": "quarter", "metric": {"aggregate": "count"},
                 "tiers": [{"from": 1000, "amount": 1}],
                 "bonuses": [{"name": "first_line", "condition": "amount > 0", "firstPer": "sales_order.customer",
                              "amount": 50}]}"""));
        long p = f.partner("Owners", "silver");
        long customer = f.customer("Owned", false);
        long order = f.order(p, customer, "2025-06-01", null);
        long first = RebateFixture.id(f.records.create(ADMIN, f.app, "order_line", json(
                "{\"sales_order\": " + order + ", \"product_line\": \"A\", \"amount\": 5, \"owner_id\": 601}")));
        RebateFixture.id(f.records.create(ADMIN, f.app, "order_line", json(
                "{\"sales_order\": " + order + ", \"product_line\": \"A\", \"amount\": 5, \"owner_id\": 602}")));
        assertThat(f.openLines("line_owner_bonus")).filteredOn(l -> l.startsWith("bonus:first_line " + p + "/"))
                .containsExactly("bonus:first_line " + p + "/601 2025-Q2 accrual 50.00 of 1 tier 0 v1");
        f.delete("order_line", first); // the owner of a deleted line is not among its old values
        assertThat(f.openLines("line_owner_bonus")).filteredOn(l -> l.startsWith("bonus:first_line " + p + "/"))
                .containsExactly("bonus:first_line " + p + "/602 2025-Q2 accrual 50.00 of 1 tier 0 v1");
        List<String> incremental = f.openLines("line_owner_bonus");
        f.rebates.recompute(ADMIN, f.app, "line_owner_bonus", LocalDate.parse("2025-06-01"));
        assertThat(f.openLines("line_owner_bonus")).isEqualTo(incremental);
    }

    @Test
    void aPartnerLeavingThePartnerScopeLeavesOpenPeriodsOnly() {
        ObjectNode goldOnly = RebateFixture.lineA("gold_only");
        goldOnly.set("partnerScope", json("{\"field\": \"tier\", \"op\": \"eq\", \"value\": \"gold\"}"));
        goldOnly.set("tiers", json("[{\"from\": 0, \"rate\": 1}]"));
        f.publishPolicy(goldOnly);
        long p = f.partner("Demoted", "gold");
        String today = LocalDate.now().toString();
        f.line(f.order(p, "2025-01-20"), "A", "1000");
        f.line(f.order(p, today), "A", "2000");
        String current = dev.trellis.rule.rebate.PeriodUnit.QUARTER.periodOf(LocalDate.now()).toString();
        assertThat(f.line("gold_only", p, "2025-Q1").amount()).isEqualByComparingTo("10.00");
        assertThat(f.line("gold_only", p, current).amount()).isEqualByComparingTo("20.00");

        f.update("partner", p, "{\"tier\": \"silver\"}");
        // the open quarter follows the partner at once; the closed one keeps what it earned as a gold partner
        assertThat(f.openLines("gold_only")).filteredOn(l -> l.contains(" " + p + "/"))
                .containsExactly("rebate " + p + "/" + p + " 2025-Q1 accrual 10.00 of 1000 tier 1 v1");
        f.update("partner", p, "{\"tier\": \"gold\"}");
        assertThat(f.line("gold_only", p, current).amount()).isEqualByComparingTo("20.00");
    }

    @Test
    void concurrentWritesForOnePartnerLeaveTheLedgerAFullRecomputeWouldWrite() throws Exception {
        long p = f.partner("Busy", "gold");
        long order = f.order(p, "2025-09-15");
        int threads = 4;
        int each = 10;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < each; i++) {
                    f.line(order, "A", "25000");
                }
                return null;
            }));
        }
        start.countDown();
        for (java.util.concurrent.Future<?> d : done) {
            d.get();
        }
        pool.shutdown();
        // 40 lines of 25,000: 1,000,000 at 5 %
        assertThat(f.line("line_a", p, "2025-Q3").metric()).isEqualByComparingTo("1000000");
        assertThat(f.line("line_a", p, "2025-Q3").amount()).isEqualByComparingTo("50000.00");
    }

    @Test
    void yearlyCollectionsCountPaymentsByTheirUtcDate() {
        f.publishPolicy(json("""
                {"name": "collections", "source": "payment", "date": "paid_at", "partner": "partner", "period": "year",
                 "metric": {"aggregate": "sum", "field": "amount"}, "tiers": [{"from": 100000, "rate": 2}],
                 "validFrom": "2025-01-01"}"""));
        long p = f.partner("Payer", "gold");
        java.util.function.BiFunction<String, String, Long> pay = (at, amount) -> RebateFixture.id(f.records.create(
                ADMIN, f.app, "payment", json("{\"partner\": " + p + ", \"paid_at\": \"" + at + "\", \"amount\": "
                        + amount + "}")));
        pay.apply("2025-01-01T00:30:00+08:00", "50000"); // 2024-12-31 in UTC: not this year
        long second = pay.apply("2025-06-30T12:00:00Z", "60000");
        pay.apply("2025-12-31T23:59:59Z", "45000");
        LedgerLine line = f.ledger("collections").stream().filter(l -> l.partnerId() == p).findFirst().orElseThrow();
        assertThat(line.period().toString()).isEqualTo("2025");
        assertThat(line.metric()).isEqualByComparingTo("105000");
        assertThat(line.amount()).isEqualByComparingTo("2100.00");
        f.update("payment", second, "{\"paid_at\": \"2026-01-02T00:00:00Z\"}"); // moves to the next year
        assertThat(f.openLines("collections")).filteredOn(l -> l.contains(" " + p + "/")).containsExactly(
                "rebate " + p + "/" + p + " 2025 accrual 0.00 of 45000 tier 0 v1",
                "rebate " + p + "/" + p + " 2026 accrual 0.00 of 60000 tier 0 v1");
        List<String> incremental = f.openLines("collections");
        f.rebates.recompute(ADMIN, f.app, "collections", LocalDate.parse("2025-05-01"));
        f.rebates.recompute(ADMIN, f.app, "collections", LocalDate.parse("2026-05-01"));
        assertThat(f.openLines("collections")).isEqualTo(incremental);
    }

    @Test
    void partnersSeeTheirOwnLinesSalespeopleTheirBonusesAndOnlyManagersChangeThem() {
        long mine = f.partner("Mine", "gold");
        long theirs = f.partner("Theirs", "gold");
        long newco = f.customer("Visible", true);
        f.line(f.order(mine, newco, "2025-10-01", 777L), "A", "600000");
        f.line(f.order(theirs, "2025-10-01"), "A", "600000");
        Actor partnerUser = new Actor(900, "partner-user", Set.of("partner_user"), null,
                new Actor.PartnerAccount(f.app, mine));
        assertThat(f.rebates.ledger(partnerUser, f.app, LedgerQuery.all()))
                .isNotEmpty().allSatisfy(l -> {
                    assertThat(l.partnerId()).isEqualTo(mine);
                    assertThat(l.payeeKind()).isEqualTo("partner");
                });
        Actor salesperson = new Actor(777, "rep", Set.of("user"));
        assertThat(f.rebates.ledger(salesperson, f.app, LedgerQuery.all())).extracting(LedgerLine::component)
                .containsExactly("bonus:first_order");
        LedgerLine other = f.line("line_a", theirs, "2025-Q4");
        assertThatThrownBy(() -> f.rebates.line(partnerUser, f.app, other.id()))
                .isInstanceOf(dev.trellis.core.NotFoundException.class);
        assertThatThrownBy(() -> f.rebates.approve(CLERK, f.app, other.id())).isInstanceOf(ForbiddenException.class);
        Actor manager = new Actor(901, "manager", Set.of(RebateService.MANAGER_ROLE));
        assertThat(f.rebates.approve(manager, f.app, other.id()).status()).isEqualTo(LedgerStatus.APPROVED);
    }

    private static String amount(long partner, String period) {
        return f.ledger("line_a").stream().filter(l -> l.partnerId() == partner && l.period().toString().equals(period)
                        && l.status() == LedgerStatus.ACCRUED)
                .map(l -> l.amount().toPlainString()).findFirst().orElse(null);
    }

    private static List<String> bonuses(long partner) {
        return f.openLines("new_customers").stream().filter(l -> l.startsWith("bonus:first_order " + partner + "/"))
                .toList();
    }

    private static LedgerLine bonusLine(long partner, long payee) {
        return f.ledger("new_customers").stream().filter(l -> l.partnerId() == partner && l.payeeId() == payee)
                .findFirst().orElseThrow();
    }

    /** The open lines the writes left are exactly what a full recompute of each period writes. */
    private static void assertMatchesFullRecompute(String... days) {
        for (String policy : List.of("line_a", "line_a_progressive", "new_customers")) {
            List<String> incremental = f.openLines(policy);
            for (String day : days) {
                f.rebates.recompute(ADMIN, f.app, policy, LocalDate.parse(day));
            }
            assertThat(f.openLines(policy)).as(policy).isEqualTo(incremental);
        }
    }
}
