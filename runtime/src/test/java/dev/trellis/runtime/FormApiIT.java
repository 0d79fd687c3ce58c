package dev.trellis.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Forms over HTTP: render, validate, submit an order with its lines, a refused submission as problem details. */
class FormApiIT extends ApiTest {

    static final String APP = "/api/v1/apps/form_api";
    private static boolean published;
    private static long partner;

    @BeforeEach
    void publish() {
        if (published) {
            return;
        }
        call("PUT", APP + "/metadata/app/form_api", "{\"name\": \"form_api\"}");
        created(call("PUT", APP + "/metadata/object/partner", """
                {"name": "partner", "sharing": {"partnerAccount": true}, "fields": [{"name": "name", "type": "text"}]}"""));
        created(call("PUT", APP + "/metadata/object/sales_order", """
                {"name": "sales_order", "sharing": {"model": "private", "partnerPath": "partner"}, "fields": [
                  {"name": "partner", "type": "lookup", "target": "partner"},
                  {"name": "channel", "type": "picklist", "values": [{"value": "online"}, {"value": "store"}]}]}"""));
        created(call("PUT", APP + "/metadata/object/order_line", """
                {"name": "order_line", "sharing": {"model": "controlled_by_parent"}, "fields": [
                  {"name": "sales_order", "type": "master_detail", "target": "sales_order"},
                  {"name": "sku", "type": "text"}, {"name": "quantity", "type": "integer"},
                  {"name": "price", "type": "currency"}, {"name": "amount", "type": "currency", "formula": "quantity * price"}]}"""));
        created(call("PUT", APP + "/metadata/form/order_entry", """
                {"name": "order_entry", "object": "sales_order", "layout": [
                  {"type": "field", "field": "partner"}, {"type": "field", "field": "channel"},
                  {"type": "lines", "object": "order_line", "maxLines": 3, "children": [{"type": "field", "field": "sku"},
                    {"type": "field", "field": "quantity"}, {"type": "field", "field": "price"}],
                   "totals": [{"field": "amount", "function": "sum"}]}]}"""));
        Response publish = call("POST", APP + "/publish", "{}");
        assertThat(publish.status()).as(publish.text()).isEqualTo(200);
        partner = call("POST", APP + "/records/partner", "{\"name\": \"Acme\"}").json().get("id").longValue();
        published = true;
    }

    private static void created(Response response) {
        assertThat(response.status()).as(response.text()).isIn(200, 201);
    }

    @Test
    void anOrderWithItsLinesIsRenderedValidatedAndSubmitted() {
        Response model = call("GET", APP + "/forms/sales_order", null);
        assertThat(model.status()).isEqualTo(200);
        assertThat(model.json().get("form").stringValue()).isEqualTo("order_entry");
        assertThat(model.json().get("layout").get(2).get("maxLines").intValue()).isEqualTo(3);
        String order = """
                {"values": {"partner": %d, "channel": "store"},
                 "lines": {"order_line": [{"sku": "A", "quantity": 2, "price": 5}, {"sku": "B", "quantity": 1, "price": 1}]}}"""
                .formatted(partner);
        Response check = call("POST", APP + "/forms/sales_order/order_entry/validate", order);
        assertThat(check.json().get("valid").booleanValue()).isTrue();
        Response saved = call("POST", APP + "/forms/sales_order/order_entry/submit", order);
        assertThat(saved.status()).as(saved.text()).isEqualTo(201);
        assertThat(saved.json().get("lines").get("order_line")).hasSize(2);
        assertThat(saved.json().get("totals").get("order_line").get(0).get("value").decimalValue())
                .isEqualByComparingTo("11");
        long id = saved.json().get("record").get("id").longValue();
        Response lines = call("POST", APP + "/records/order_line/query", """
                {"filter": {"field": "sales_order", "op": "eq", "value": %d}, "count": true}""".formatted(id));
        assertThat(lines.json().get("total").intValue()).isEqualTo(2);
    }

    @Test
    void aBadSubmissionIsA400NamingEveryProblem() {
        long orders = call("POST", APP + "/records/sales_order/query", "{\"count\": true}").json().get("total").longValue();
        Response refused = call("POST", APP + "/forms/sales_order/order_entry/submit", """
                {"values": {"partner": %d, "channel": "mail", "colour": "red"},
                 "lines": {"order_line": [{"sku": "A", "quantity": "two"}, {}, {}, {}]}}""".formatted(partner));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        JsonNode problems = refused.json().get("problems");
        assertThat(problems).extracting(p -> p.get("path").stringValue() + " " + p.get("code").stringValue())
                .containsExactlyInAnyOrder("/values/channel value-not-in-picklist", "/values/colour field-unknown",
                        "/lines/order_line form-lines-too-many", "/lines/order_line/0/quantity value-type-mismatch");
        assertThat(problems).anySatisfy(p -> assertThat(p.get("message").stringValue())
                .startsWith("order_line[0].quantity: "));
        assertThat(call("POST", APP + "/records/sales_order/query", "{\"count\": true}").json().get("total").longValue())
                .isEqualTo(orders);
        assertThat(call("GET", APP + "/forms/sales_order/nothing", null).status()).isEqualTo(404);
    }
}
