package dev.trellis.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

/** The generated OpenAPI document is one a standard parser accepts without a message. */
class OpenApiIT extends ApiTest {

    @Test
    void generatedDocumentParsesCleanlyAndDescribesEveryObject() {
        call("PUT", "/api/v1/apps/oas/metadata/app/oas", "{\"name\": \"oas\", \"label\": {\"en\": \"Orders\"}}");
        call("PUT", "/api/v1/apps/oas/metadata/object/customer", """
                {"name": "customer", "fields": [{"name": "name", "type": "text", "required": true},
                 {"name": "tier", "type": "picklist", "values": [{"value": "a"}, {"value": "b"}]},
                 {"name": "tags", "type": "multi_picklist", "values": [{"value": "x"}]},
                 {"name": "extra", "type": "json"}, {"name": "since", "type": "date"}]}""");
        call("PUT", "/api/v1/apps/oas/metadata/object/sales_order", """
                {"name": "sales_order", "fields": [{"name": "no", "type": "auto_number", "pattern": "O{000}"},
                 {"name": "customer", "type": "lookup", "target": "customer"},
                 {"name": "amount", "type": "currency", "required": true}]}""");
        assertThat(call("POST", "/api/v1/apps/oas/publish", "{}").status()).isEqualTo(200);

        Response response = call("GET", "/api/v1/apps/oas/openapi.json", null);
        assertThat(response.status()).isEqualTo(200);
        SwaggerParseResult result = new OpenAPIParser().readContents(response.text(), null, null);
        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getComponents().getSchemas()).containsKeys("Customer", "CustomerInput",
                "SalesOrder", "SalesOrderInput", "SalesOrderPage", "Problem");
        assertThat(result.getOpenAPI().getPaths()).containsKeys("/api/v1/apps/oas/records/sales_order",
                "/api/v1/apps/oas/records/sales_order/{id}", "/api/v1/apps/oas/records/customer/query");
        assertThat(result.getOpenAPI().getComponents().getSchemas().get("SalesOrderInput").getRequired())
                .containsExactly("amount");
    }
}
