package dev.trellis.rule.rebate;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.InvalidException;
import dev.trellis.core.Problem;
import dev.trellis.core.testing.CoreContext;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Policy documents are checked on save, every problem at the JSON pointer of what is wrong. */
class RebatePolicyIT {

    private static RebateFixture f;

    @BeforeAll
    static void publish() {
        f = RebateFixture.publish("rebate_policy_it");
    }

    private static List<String> problems(JsonNode policy) {
        return f.metadata.validate(f.app, "rebate_policy", policy.get("name").stringValue(), policy).stream()
                .map(p -> p.path() + " " + p.code()).toList();
    }

    @Test
    void aGoodPolicyHasNoProblems() {
        assertThat(problems(RebateFixture.lineA("good"))).isEmpty();
        assertThat(problems(json("""
                {"name": "good_bonus", "source": "order_line", "date": "sales_order.order_date",
                 "partner": "sales_order.partner", "partnerScope": {"field": "tier", "op": "in", "value": ["gold"]},
                 "period": "year", "metric": {"aggregate": "count"}, "base": {"aggregate": "sum", "field": "amount"},
                 "tiers": [{"from": 10, "rate": 1.5}, {"from": 100, "amount": 5000}], "cap": 10000,
                 "bonuses": [{"name": "first", "condition": "sales_order.customer.is_new && amount > 0",
                              "firstPer": "sales_order.customer", "amount": 500, "payee": "partner"}]}"""))).isEmpty();
    }

    @Test
    void everyProblemOfABadPolicyIsReportedAtItsPath() {
        assertThat(problems(json("""
                {"name": "bad", "source": "order_line", "date": "sales_order.colour",
                 "partner": "sales_order.order_date", "scope": {"field": "product", "op": "eq", "value": "A"},
                 "partnerScope": {"field": "tier", "op": "eq", "value": "platinum"},
                 "period": "quarter", "metric": {"aggregate": "sum", "field": "product_line"},
                 "tiers": [{"from": 500000, "rate": 120}, {"from": 400000, "rate": 5}, {"from": 900000}],
                 "bonuses": [{"name": "b", "condition": "sales_order.customer.colour == 'red'", "amount": 5,
                              "payee": "quantity"},
                             {"name": "b", "condition": "amount +", "amount": 5, "firstPer": "quantity.x"}],
                 "validFrom": "2025-02-01", "validTo": "2025-01-01"}""")))
                .containsExactlyInAnyOrder(
                        "/date path-field-unknown",
                        "/partner partner-path-not-lookup",
                        "/scope/field field-unknown",
                        "/metric/field measure-field-not-numeric",
                        "/tiers/0/rate rate-out-of-range",
                        "/tiers/1/from tiers-not-ascending",
                        "/tiers/2 tier-rate-or-amount",
                        "/bonuses/0/condition expression-field-unknown",
                        "/bonuses/0/payee payee-invalid",
                        "/bonuses/1/name bonus-name-duplicate",
                        "/bonuses/1/condition expression-syntax",
                        "/bonuses/1/firstPer path-not-lookup",
                        "/validTo validity-invalid");
    }

    @Test
    void pathsMustBeChainsOfLookupsToKnownObjects() {
        ObjectNode policy = RebateFixture.lineA("paths");
        policy.put("partner", "sales_order.customer.name");
        policy.put("date", "amount");
        policy.put("source", "order_line");
        assertThat(problems(policy)).containsExactlyInAnyOrder("/partner partner-path-not-lookup",
                "/date date-field-type");
        policy.put("partner", "quantity.partner");
        policy.put("date", "sales_order.order_date");
        assertThat(problems(policy)).containsExactly("/partner path-not-lookup");
        policy.put("source", "invoice");
        assertThat(problems(policy)).containsExactly("/source object-unknown");
        policy.put("source", "order_line");
        policy.put("partner", "sales_order.partner");
        policy.set("partnerScope", json("{\"field\": \"tier\", \"op\": \"eq\", \"value\": \"platinum\"}"));
        assertThat(f.metadata.validate(f.app, "rebate_policy", "paths", policy)).extracting(Problem::path, Problem::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/partnerScope/value", "value-not-in-picklist"));
    }

    @Test
    void scopesAreRecordFiltersOnTheSourceAndThePartner() {
        ObjectNode policy = RebateFixture.lineA("scoped");
        policy.set("scope", json("""
                {"or": [{"and": [{"field": "product_line", "op": "in", "value": ["A", "B"]},
                                 {"field": "amount", "op": "between", "value": [1, 100000]}]},
                        {"field": "quantity", "op": "ge", "value": 10}]}"""));
        policy.set("partnerScope", json("{\"field\": \"region\", \"op\": \"starts_with\", \"value\": \"nor\"}"));
        assertThat(problems(policy)).isEmpty();
        policy.set("scope", json("""
                {"and": [{"field": "quantity", "op": "contains", "value": "x"},
                         {"field": "amount", "op": "eq", "value": "lots"},
                         {"field": "product_line", "op": "in", "value": []},
                         {"field": "sales_order", "op": "gt", "value": 3}]}"""));
        policy.set("partnerScope", json("{\"field\": \"tier\", \"op\": \"eq\", \"value\": {\"$partner\": \"tier\"}}"));
        assertThat(problems(policy)).containsExactlyInAnyOrder("/scope/and/0/op filter-operator-unsupported",
                "/scope/and/1/value value-type-mismatch", "/scope/and/2/value filter-value-invalid",
                "/scope/and/3/op filter-operator-unsupported", "/partnerScope/value filter-value-invalid");
    }

    @Test
    void tiersAndValidityFollowTheirRules() {
        ObjectNode policy = RebateFixture.lineA("tiers");
        policy.put("method", "progressive");
        policy.set("tiers", json("[{\"from\": 0, \"rate\": 1}, {\"from\": 100, \"amount\": 50}]"));
        policy.set("base", json("{\"aggregate\": \"count\"}"));
        policy.put("validFrom", "2025-02-01");
        policy.put("validTo", "2025-12-31");
        assertThat(problems(policy)).containsExactlyInAnyOrder("/base progressive-base-unsupported",
                "/base/aggregate base-aggregate-invalid", "/tiers/1 progressive-tier-needs-rate",
                "/validFrom validity-not-period-boundary", "/validTo validity-not-period-boundary");
        ObjectNode counted = RebateFixture.lineA("counted");
        counted.set("metric", json("{\"aggregate\": \"count\", \"field\": \"amount\"}"));
        assertThat(problems(counted)).containsExactlyInAnyOrder("/metric/field measure-field-unexpected",
                "/tiers/0/rate tier-rate-needs-base", "/tiers/1/rate tier-rate-needs-base");
    }

    @Test
    void theSchemaComesFirstAndASaveWithProblemsIsRefused() {
        assertThat(problems(json("""
                {"name": "schema", "source": "order_line", "date": "sales_order.order_date",
                 "partner": "sales_order.partner", "period": "week", "metric": {"aggregate": "avg"}, "tiers": [],
                 "colour": "red"}""")))
                .contains("/period schema-enum", "/metric/aggregate schema-enum", "/tiers schema-min-items",
                        "/colour schema-additional-properties");
        ObjectNode bad = RebateFixture.lineA("refused");
        bad.put("date", "sales_order");
        assertThatThrownBy(() -> f.metadata.saveDraft(ADMIN, f.app, "rebate_policy", "refused", bad, null))
                .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path).containsExactly("/date"));
    }

    @Test
    void aNewVersionMayNotClaimAPeriodThatClosedUnderAnEarlierOne() {
        f.publishPolicy(RebateFixture.lineA("closed"));
        // as if version 1 had gone live on 2 January 2025
        CoreContext.dsl().execute("update trellis_meta.metadata_version set published_at = '2025-01-02T00:00:00Z'"
                + " where app = ? and kind = 'rebate_policy' and name = 'closed'", f.app);
        ObjectNode claimsTheYear = RebateFixture.lineA("closed");
        claimsTheYear.set("tiers", json("[{\"from\": 0, \"rate\": 4}]"));
        assertThat(f.metadata.validate(f.app, "rebate_policy", "closed", claimsTheYear))
                .singleElement().satisfies(p -> {
                    assertThat(p.path()).isEqualTo("/validFrom");
                    assertThat(p.code()).isEqualTo("validity-overlaps-closed-period");
                    assertThat(p.message()).contains("2025-Q1 closed under version 1");
                });
        ObjectNode fromNextQuarter = claimsTheYear.deepCopy();
        fromNextQuarter.put("validFrom", LocalDate.now().withDayOfMonth(1).plusMonths(3 - (LocalDate.now()
                .getMonthValue() - 1) % 3).toString());
        assertThat(problems(fromNextQuarter)).isEmpty();
        // version 1 itself, re-validated when the app is next published, is still fine
        assertThat(problems(RebateFixture.lineA("closed"))).isEmpty();
    }
}
