package dev.trellis.rule;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.InvalidException;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.record.RecordQuery;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.testing.CoreContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Validation rules as metadata, checked on save, enforced by the record service on every write path. */
class ValidationRuleIT {

    private static final String APP = "rules_it";
    private static MetadataService metadata;
    private static RecordService records;
    private static long acme;

    @BeforeAll
    static void publish() {
        CoreContext.extend(RuleEngineConfiguration.class);
        metadata = CoreContext.metadata();
        records = CoreContext.records();
        CoreContext.publishApp(APP,
                json("""
                        {"name": "partner", "fields": [{"name": "name", "type": "text"},
                          {"name": "credit_limit", "type": "currency"}]}"""),
                json("""
                        {"name": "sales_order", "fields": [{"name": "partner", "type": "lookup", "target": "partner"},
                          {"name": "amount", "type": "currency"}, {"name": "discount", "type": "percent"},
                          {"name": "status", "type": "picklist", "values": [{"value": "draft"}, {"value": "submitted"}]}]}"""));
        metadata.saveDraft(ADMIN, APP, "validation_rule", "within_credit", json("""
                {"name": "within_credit", "object": "sales_order", "field": "amount",
                 "condition": "amount > partner.credit_limit",
                 "message": "the order exceeds the partner's credit limit",
                 "examples": [{"record": {"amount": 10}, "fails": true}, {"record": {"amount": 0}, "fails": false}]}"""),
                null);
        metadata.saveDraft(ADMIN, APP, "validation_rule", "discount_cap", json("""
                {"name": "discount_cap", "object": "sales_order", "field": "discount",
                 "condition": "discount > 20 || (isChanged('discount') && prior.status == 'submitted')",
                 "message": "discounts above 20 % need approval, and a submitted order's discount is fixed"}"""), null);
        metadata.saveDraft(ADMIN, APP, "validation_rule", "expired", json("""
                {"name": "expired", "object": "sales_order", "condition": "true", "message": "never",
                 "validFrom": "2020-01-01", "validTo": "2021-01-01"}"""), null);
        metadata.publish(ADMIN, APP, false, "rules");
        acme = (Long) records.create(ADMIN, APP, "partner", json("{\"name\": \"Acme\", \"credit_limit\": 1000}")).get("id");
    }

    @Test
    void aBrokenRuleIsRefusedAtSaveWithItsPosition() {
        List<String> problems = metadata.validate(APP, "validation_rule", "bad", json("""
                {"name": "bad", "object": "sales_order", "field": "colour", "message": "x",
                 "condition": "amount >\\n partner.credit + 1"}""")).stream()
                .map(p -> p.path() + " " + p.code() + " " + p.message()).toList();
        assertThat(problems).containsExactlyInAnyOrder(
                "/field field-unknown object sales_order has no field 'colour'",
                "/condition expression-field-unknown line 2, column 2: object partner has no field 'credit' (in partner.credit)");
        assertThat(metadata.validate(APP, "validation_rule", "bad", json("""
                {"name": "bad", "object": "sales_order", "message": "x", "condition": "amount",
                 "examples": [{"record": {"amount": "lots"}, "fails": true}]}""")))
                .extracting(p -> p.path() + " " + p.code()).containsExactly("/condition expression-type-mismatch");
        assertThat(metadata.validate(APP, "validation_rule", "bad", json("""
                {"name": "bad", "object": "sales_order", "message": "x", "condition": "amount > 5",
                 "examples": [{"record": {"amount": 1}, "fails": true}, {"record": {"amount": "lots"}, "fails": true}]}""")))
                .extracting(p -> p.path() + " " + p.code())
                .containsExactly("/examples/0 example-failed", "/examples/1/record/amount value-type-mismatch");
        assertThat(metadata.validate(APP, "validation_rule", "bad", json("""
                {"name": "bad", "object": "sales_order", "message": "x", "condition": "Runtime.getRuntime().exec('id')"}""")))
                .extracting(p -> p.code()).containsExactly("expression-method-call");
    }

    @Test
    void aWriteThatBreaksARuleIsRefusedOnItsFieldAndNothingIsWritten() {
        long before = count();
        assertThatThrownBy(() -> records.create(ADMIN, APP, "sales_order",
                json("{\"partner\": " + acme + ", \"amount\": 5000, \"discount\": 30}")))
                .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.path() + " " + p.message()).containsExactlyInAnyOrder(
                                "/amount the order exceeds the partner's credit limit",
                                "/discount discounts above 20 % need approval, and a submitted order's discount is fixed"));
        assertThat(count()).isEqualTo(before);
        Map<String, Object> ok = records.create(ADMIN, APP, "sales_order",
                json("{\"partner\": " + acme + ", \"amount\": 800, \"discount\": 5}"));
        // on update the rule sees the record as it will be, and what it was
        long id = (Long) ok.get("id");
        Map<String, Object> submitted = records.update(ADMIN, APP, "sales_order", id, 1, json("{\"status\": \"submitted\"}"));
        assertThatThrownBy(() -> records.update(ADMIN, APP, "sales_order", id, (Integer) submitted.get("version"),
                json("{\"discount\": 6}"))).isInstanceOfSatisfying(InvalidException.class,
                e -> assertThat(e.problems()).extracting(p -> p.path()).containsExactly("/discount"));
        assertThatThrownBy(() -> records.update(ADMIN, APP, "sales_order", id, (Integer) submitted.get("version"),
                json("{\"amount\": 1001}"))).isInstanceOf(InvalidException.class).hasMessageContaining("credit limit");
        assertThat(records.get(ADMIN, APP, "sales_order", id, Set.of())).containsEntry("version", 2);
    }

    @Test
    void bulkCreatesNameTheRowsThatBreakARule() {
        long before = count();
        assertThatThrownBy(() -> records.bulkCreate(ADMIN, APP, "sales_order", List.of(
                json("{\"partner\": " + acme + ", \"amount\": 10}"),
                json("{\"partner\": " + acme + ", \"amount\": 2000}"),
                json("{\"partner\": " + acme + ", \"discount\": 50}"))))
                .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.path()).containsExactly("/records/1/amount", "/records/2/discount"));
        assertThat(count()).isEqualTo(before);
    }

    private static long count() {
        return records.query(ADMIN, APP, "sales_order", RecordQuery.fromJson(json("{\"count\": true}"))).total();
    }
}
