package dev.trellis.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rules over HTTP: a validation rule refuses a write with its message; the expression test bench. */
class RuleApiIT extends ApiTest {

    private static final String APP = "/api/v1/apps/rule_api";
    private static boolean published;

    @BeforeEach
    void publish() {
        if (published) {
            return;
        }
        call("PUT", APP + "/metadata/app/rule_api", "{\"name\": \"rule_api\"}");
        call("PUT", APP + "/metadata/object/partner", """
                {"name": "partner", "fields": [{"name": "name", "type": "text"}, {"name": "credit_limit", "type": "currency"}]}""");
        call("PUT", APP + "/metadata/object/sales_order", """
                {"name": "sales_order", "fields": [{"name": "partner", "type": "lookup", "target": "partner"},
                  {"name": "quantity", "type": "integer"}, {"name": "price", "type": "currency"},
                  {"name": "amount", "type": "currency", "formula": "quantity * price"}]}""");
        Response rule = call("PUT", APP + "/metadata/validation_rule/credit", """
                {"name": "credit", "object": "sales_order", "field": "amount",
                 "condition": "amount > partner.credit_limit", "message": "over the credit limit"}""");
        assertThat(rule.status()).isEqualTo(201);
        assertThat(call("POST", APP + "/publish", "{}").status()).isEqualTo(200);
        published = true;
    }

    @Test
    void aValidationRuleRefusesAWriteWithItsMessageOnItsField() {
        long partner = call("POST", APP + "/records/partner", "{\"name\": \"Acme\", \"credit_limit\": 100}").json()
                .get("id").longValue();
        Response refused = call("POST", APP + "/records/sales_order",
                "{\"partner\": " + partner + ", \"quantity\": 3, \"price\": 50}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("problems").get(0).get("path").stringValue()).isEqualTo("/amount");
        assertThat(refused.json().get("problems").get(0).get("message").stringValue()).isEqualTo("over the credit limit");
        Response ok = call("POST", APP + "/records/sales_order", "{\"partner\": " + partner + ", \"quantity\": 1, \"price\": 50}");
        assertThat(ok.status()).isEqualTo(201);
        assertThat(ok.json().get("amount").decimalValue()).isEqualByComparingTo("50");
        // a broken rule is refused at save with the line and column of the mistake
        Response broken = call("PUT", APP + "/metadata/validation_rule/broken", """
                {"name": "broken", "object": "sales_order", "message": "x", "condition": "amount >> 5"}""");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json().get("problems").get(0).get("path").stringValue()).isEqualTo("/condition");
        assertThat(broken.json().get("problems").get(0).get("message").stringValue()).startsWith("line 1, column 9:");
    }

    @Test
    void theTestBenchShowsTheValueAndWhatWasRead() {
        Response sample = call("POST", APP + "/expressions/evaluate", """
                {"object": "sales_order", "expression": "quantity * price > 100 ? 'big' : 'small'",
                 "record": {"quantity": 3, "price": 40}}""");
        assertThat(sample.status()).isEqualTo(200);
        assertThat(sample.json().get("value").stringValue()).isEqualTo("big");
        assertThat(sample.json().get("type").stringValue()).isEqualTo("text");
        assertThat(sample.json().get("read").get("quantity").intValue()).isEqualTo(3);
        Response escape = call("POST", APP + "/expressions/evaluate", """
                {"object": "sales_order", "expression": "Runtime.getRuntime().exec('id')", "record": {}}""");
        assertThat(escape.status()).isEqualTo(400);
        assertThat(escape.json().get("code").stringValue()).isEqualTo("expression-method-call");
        assertThat(call("GET", "/api/v1/expressions/functions", null).json().toString()).contains("round(number, number)");
    }
}
