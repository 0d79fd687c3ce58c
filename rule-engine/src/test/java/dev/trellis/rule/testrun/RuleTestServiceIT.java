package dev.trellis.rule.testrun;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.InvalidException;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.testing.CoreContext;
import dev.trellis.rule.RuleEngineConfiguration;
import dev.trellis.rule.routing.Assignee;
import dev.trellis.rule.routing.Decision;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A designer's test run: the value of an expression or rule for a sample or stored record, and what it read. */
class RuleTestServiceIT {

    private static final String APP = "testrun_it";
    private static MetadataService metadata;
    private static RecordService records;
    private static RuleTestService tests;
    private static long order;

    @BeforeAll
    static void publish() {
        CoreContext.extend(RuleEngineConfiguration.class);
        metadata = CoreContext.metadata();
        records = CoreContext.records();
        tests = CoreContext.get().getBean(RuleTestService.class);
        CoreContext.publishApp(APP,
                json("""
                        {"name": "partner", "fields": [{"name": "name", "type": "text"},
                          {"name": "tier", "type": "picklist", "values": [{"value": "gold"}, {"value": "silver"}]},
                          {"name": "credit_limit", "type": "currency"}]}"""),
                json("""
                        {"name": "sales_order", "fields": [{"name": "partner", "type": "lookup", "target": "partner"},
                          {"name": "amount", "type": "currency"}, {"name": "note", "type": "text"},
                          {"name": "region", "type": "picklist", "values": [{"value": "east"}, {"value": "west"}]}]}"""));
        metadata.saveDraft(ADMIN, APP, "validation_rule", "within_credit", json("""
                {"name": "within_credit", "object": "sales_order", "field": "amount",
                 "condition": "amount > partner.credit_limit", "message": "over the credit limit"}"""), null);
        metadata.publish(ADMIN, APP, false, "test runs");
        long acme = (Long) records.create(ADMIN, APP, "partner",
                json("{\"name\": \"Acme\", \"tier\": \"gold\", \"credit_limit\": 1000}")).get("id");
        order = (Long) records.create(ADMIN, APP, "sales_order",
                json("{\"partner\": " + acme + ", \"amount\": 400, \"region\": \"east\"}")).get("id");
        // drafts, never published: a designer tests what they are editing
        metadata.saveDraft(ADMIN, APP, "trigger", "discount_gold", json("""
                {"name": "discount_gold", "object": "sales_order", "events": ["update"],
                 "condition": "partner.tier == 'gold' && isChanged('amount')",
                 "actions": [{"type": "set_fields", "values": {"note": "'gold: ' + text(amount * 0.9)"}}]}"""), null);
        metadata.saveDraft(ADMIN, APP, "decision_table", "order_desk", json("""
                {"name": "order_desk", "object": "sales_order",
                 "rows": [{"when": {"region": "east", "partner.tier": "gold"}, "assignee": {"queue": "east_gold"}}],
                 "default": {"assignee": {"queue": "orders"}}}"""), null);
    }

    @Test
    void anExpressionOverSampleValuesGivesItsValueAndWhatItRead() {
        TestRun run = tests.evaluate(ADMIN, APP, "sales_order", "amount * 2 + (region == 'east' ? 1 : 0)",
                SampleInput.values(json("{\"amount\": 100, \"region\": \"east\"}")));
        assertThat((BigDecimal) run.value()).isEqualByComparingTo("201");
        assertThat(run.type()).isEqualTo("number");
        assertThat(run.trace()).containsOnlyKeys("amount", "region").containsEntry("region", "east");
    }

    @Test
    void anExpressionOverAStoredRecordFollowsItsLookups() {
        TestRun run = tests.evaluate(ADMIN, APP, "sales_order", "partner.tier + ' ' + partner.name",
                SampleInput.stored(order));
        assertThat(run.value()).isEqualTo("gold Acme");
        assertThat(run.trace()).containsEntry("partner.tier", "gold").containsEntry("partner.name", "Acme");

        TestRun change = tests.evaluate(ADMIN, APP, "sales_order", "isChanged('amount') && prior.amount < amount",
                SampleInput.storedWith(order, json("{\"amount\": 900}")));
        assertThat(change.value()).isEqualTo(true);
        assertThat((BigDecimal) change.trace().get("prior.amount")).isEqualByComparingTo("400");
    }

    @Test
    void rulesAreTestedByNameDraftsIncluded() {
        TestRun refused = tests.evaluateRule(ADMIN, APP, "validation_rule", "within_credit",
                SampleInput.storedWith(order, json("{\"amount\": 5000}")));
        assertThat(refused.value()).isEqualTo(Map.of("refuses", true, "message", "over the credit limit",
                "field", "amount"));
        assertThat(refused.trace()).containsKeys("amount", "partner.credit_limit");

        TestRun trigger = tests.evaluateRule(ADMIN, APP, "trigger", "discount_gold",
                SampleInput.storedWith(order, json("{\"amount\": 1000}")));
        @SuppressWarnings("unchecked")
        Map<String, Object> fired = (Map<String, Object>) trigger.value();
        assertThat(fired).containsEntry("fires", true);
        assertThat(fired.get("sets")).isEqualTo(Map.of("note", "gold: 900.000"));
        assertThat(trigger.trace()).containsEntry("partner.tier", "gold").containsKey("prior.amount");

        TestRun table = tests.evaluateRule(ADMIN, APP, "decision_table", "order_desk", SampleInput.stored(order));
        Decision decision = (Decision) table.value();
        assertThat(decision.first().orElseThrow().assignee()).isEqualTo(Assignee.queue("east_gold"));
        assertThat(table.trace()).containsEntry("region", "east").containsEntry("partner.tier", "gold");
    }

    @Test
    void aBadExpressionOrSampleIsRefusedWithItsProblems() {
        assertThatThrownBy(() -> tests.evaluate(ADMIN, APP, "sales_order", "partner.colour",
                SampleInput.values(json("{}")))).isInstanceOfSatisfying(InvalidException.class,
                e -> assertThat(e.problems()).extracting(p -> p.code()).containsExactly("expression-field-unknown"));
        assertThatThrownBy(() -> tests.evaluate(ADMIN, APP, "sales_order", "amount",
                SampleInput.values(json("{\"amount\": \"lots\", \"colour\": 1}")))).isInstanceOfSatisfying(
                InvalidException.class, e -> assertThat(e.problems()).extracting(p -> p.path() + " " + p.code())
                        .containsExactly("/values/amount value-type-mismatch", "/values/colour field-unknown"));
        assertThatThrownBy(() -> tests.evaluateRule(ADMIN, APP, "role", "x", SampleInput.stored(order)))
                .isInstanceOf(dev.trellis.core.NotFoundException.class);
    }
}
