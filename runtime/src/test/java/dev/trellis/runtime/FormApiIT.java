package dev.trellis.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
                  {"name": "channel", "type": "picklist", "values": [{"value": "online"}, {"value": "store"}]},
                  {"name": "photo", "type": "image"}]}"""));
        created(call("PUT", APP + "/metadata/object/order_line", """
                {"name": "order_line", "sharing": {"model": "controlled_by_parent", "partnerPath": "sales_order.partner"}, "fields": [
                  {"name": "sales_order", "type": "master_detail", "target": "sales_order"},
                  {"name": "sku", "type": "text"}, {"name": "quantity", "type": "integer"},
                  {"name": "price", "type": "currency"}, {"name": "amount", "type": "currency", "formula": "quantity * price"}]}"""));
        created(call("PUT", APP + "/metadata/form/order_entry", """
                {"name": "order_entry", "object": "sales_order", "layout": [
                  {"type": "field", "field": "partner"}, {"type": "field", "field": "channel"},
                  {"type": "field", "field": "photo", "maxSize": 2048},
                  {"type": "lines", "object": "order_line", "maxLines": 3, "children": [{"type": "field", "field": "sku"},
                    {"type": "field", "field": "quantity"}, {"type": "field", "field": "price"}],
                   "totals": [{"field": "amount", "function": "sum"}]}]}"""));
        created(call("PUT", APP + "/metadata/permission_set/portal", """
                {"name": "portal", "objects": {"partner": {"read": true},
                  "sales_order": {"create": true, "read": true, "edit": true},
                  "order_line": {"create": true, "read": true, "edit": true, "delete": true}}}"""));
        created(call("PUT", APP + "/metadata/role/partner_user", "{\"name\": \"partner_user\", \"permissionSets\": [\"portal\"]}"));
        Response publish = call("POST", APP + "/publish", "{}");
        assertThat(publish.status()).as(publish.text()).isEqualTo(200);
        partner = call("POST", APP + "/records/partner", "{\"name\": \"Acme\"}").json().get("id").longValue();
        long beta = call("POST", APP + "/records/partner", "{\"name\": \"Beta\"}").json().get("id").longValue();
        created(call("POST", "/api/v1/users", """
                {"username": "li.form", "password": "partner-password", "roles": ["partner_user"],
                 "partner": {"app": "form_api", "id": %d}}""".formatted(partner)));
        created(call("POST", "/api/v1/users", """
                {"username": "wang.form", "password": "partner-password", "roles": ["partner_user"],
                 "partner": {"app": "form_api", "id": %d}}""".formatted(beta)));
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
        assertThat(model.json().get("layout").get(3).get("maxLines").intValue()).isEqualTo(3);
        assertThat(model.json().get("layout").get(2).get("maxSize").intValue()).isEqualTo(2048);
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

    private HttpResponse<byte[]> raw(String user, String method, String path, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/octet-stream")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":partner-password")
                        .getBytes(StandardCharsets.UTF_8)));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aPartnersPhotoIsUploadedSubmittedAndServedToThemAlone() throws Exception {
        byte[] png = new byte[300];
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, 0, png, 0, 8);
        String upload = APP + "/attachments?object=sales_order&field=photo&form=order_entry&name=";
        HttpResponse<byte[]> uploaded = raw("li.form", "POST", upload + "shelf.png", png);
        assertThat(uploaded.statusCode()).as(new String(uploaded.body())).isEqualTo(201);
        JsonNode file = Json.parse(new String(uploaded.body(), StandardCharsets.UTF_8));
        assertThat(file.get("contentType").stringValue()).isEqualTo("image/png");
        assertThat(file.get("size").intValue()).isEqualTo(300);
        assertThat(file.get("sha256").stringValue()).hasSize(64);
        HttpResponse<byte[]> disguised = raw("li.form", "POST", upload + "shelf.png", "PK\u0003\u0004zip".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(disguised.statusCode()).isEqualTo(400);
        assertThat(new String(disguised.body(), StandardCharsets.UTF_8)).contains("attachment-disguised");
        HttpResponse<byte[]> oversize = raw("li.form", "POST", upload + "big.png", java.util.Arrays.copyOf(png, 5000));
        assertThat(oversize.statusCode()).isEqualTo(400);
        assertThat(new String(oversize.body(), StandardCharsets.UTF_8)).contains("attachment-too-large");

        Response saved = call("li.form", "partner-password", "POST", APP + "/forms/sales_order/order_entry/submit", """
                {"values": {"partner": %d, "photo": %d}, "lines": {"order_line": [{"sku": "A", "quantity": 1, "price": 2},
                  {"sku": "B", "quantity": 2, "price": 3}]}}""".formatted(partner, file.get("id").longValue()));
        assertThat(saved.status()).as(saved.text()).isEqualTo(201);
        String content = APP + "/attachments/" + file.get("id").longValue() + "/content";
        HttpResponse<byte[]> mine = raw("li.form", "GET", content, null);
        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(mine.body()).isEqualTo(png);
        assertThat(mine.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(mine.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(mine.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;");
        assertThat(raw("wang.form", "GET", content, null).statusCode()).as("another partner's user").isEqualTo(404);
        assertThat(raw("wang.form", "GET", APP + "/attachments/" + file.get("id").longValue(), null).statusCode())
                .isEqualTo(404);
    }
}
