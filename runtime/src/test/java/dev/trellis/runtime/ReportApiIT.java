package dev.trellis.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Reports and dashboards over HTTP: run, drill, render, refuse bad definitions and parameters by path. */
class ReportApiIT extends ApiTest {

    private static final String APP = "/api/v1/apps/report_api";
    private static boolean published;

    @BeforeEach
    void publish() {
        if (published) {
            return;
        }
        call("PUT", APP + "/metadata/app/report_api", "{\"name\": \"report_api\"}");
        call("PUT", APP + "/metadata/object/partner", """
                {"name": "partner", "fields": [{"name": "name", "type": "text"},
                  {"name": "region", "type": "picklist", "values": [{"value": "east"}, {"value": "west"}]}]}""");
        call("PUT", APP + "/metadata/object/sales_order", """
                {"name": "sales_order", "fields": [{"name": "partner", "type": "lookup", "target": "partner"},
                  {"name": "amount", "type": "currency"}, {"name": "order_date", "type": "date"}]}""");
        assertThat(call("PUT", APP + "/metadata/report/by_region", """
                {"name": "by_region", "object": "sales_order",
                 "parameters": [{"name": "minimum", "type": "number"}],
                 "filter": {"field": "amount", "op": "ge", "value": {"$param": "minimum"}},
                 "columns": [{"field": "partner.name"}, {"field": "amount"}],
                 "groupings": [{"name": "region", "field": "partner.region"}],
                 "aggregates": [{"name": "revenue", "function": "sum", "field": "amount", "format": "#,##0.00"},
                                {"name": "orders", "function": "count"}]}""").status()).isEqualTo(201);
        assertThat(call("PUT", APP + "/metadata/dashboard/cockpit", """
                {"name": "cockpit", "filters": [{"name": "minimum", "type": "number"}],
                 "widgets": [{"name": "regions", "type": "bar", "report": "by_region", "category": "region",
                              "series": ["revenue"]},
                             {"name": "orders", "type": "kpi", "report": "by_region", "value": "orders", "target": 10}]}""")
                .status()).isEqualTo(201);
        assertThat(call("POST", APP + "/publish", "{}").status()).isEqualTo(200);
        long east = call("POST", APP + "/records/partner", "{\"name\": \"Acme\", \"region\": \"east\"}").json()
                .get("id").longValue();
        long west = call("POST", APP + "/records/partner", "{\"name\": \"Beta\", \"region\": \"west\"}").json()
                .get("id").longValue();
        for (int amount : new int[] {100, 200, 300}) {
            call("POST", APP + "/records/sales_order", "{\"partner\": " + east + ", \"amount\": " + amount
                    + ", \"order_date\": \"2026-03-0" + (amount / 100) + "\"}");
        }
        call("POST", APP + "/records/sales_order", "{\"partner\": " + west + ", \"amount\": 50}");
        published = true;
    }

    @Test
    void aReportRunsWithParametersAndDrillsToItsRecords() {
        JsonNode all = call("GET", APP + "/reports/by_region", null).json();
        assertThat(all.get("columns").get(1).get("format").stringValue()).isEqualTo("#,##0.00");
        assertThat(all.get("rows").toString()).isEqualTo("[[\"east\",600.00,3],[\"west\",50.00,1]]");
        Response filtered = call("POST", APP + "/reports/by_region/run", "{\"parameters\": {\"minimum\": 150}}");
        assertThat(filtered.json().get("rows").toString()).isEqualTo("[[\"east\",500.00,2]]");
        Response records = call("POST", APP + "/reports/by_region/drill",
                "{\"cell\": {\"region\": \"east\"}, \"limit\": 2}");
        assertThat(records.status()).isEqualTo(200);
        assertThat(records.json().get("rows")).hasSize(2);
        assertThat(records.json().get("truncated").booleanValue()).isTrue();
        assertThat(records.json().get("columns").get(1).get("name").stringValue()).isEqualTo("partner.name");
    }

    @Test
    void aReportExportsThroughThePlatformsTableWriter() {
        Response csv = call("POST", APP + "/reports/by_region/export", "{\"format\": \"csv\", \"parameters\": {\"minimum\": 150}}");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.text().replace("\uFEFF", "").lines().toList()).containsExactly("region,revenue,orders", "east,500.00,2");
        Response xlsx = call("POST", APP + "/reports/by_region/export", "{}");
        assertThat(xlsx.status()).isEqualTo(200);
        assertThat(xlsx.contentType()).startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        Response bad = call("POST", APP + "/reports/by_region/export", "{\"format\": \"pdf\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("problems").get(0).get("path").stringValue()).isEqualTo("/format");
    }

    @Test
    void badParametersDefinitionsAndDrillsAreProblemsWithPaths() {
        Response parameter = call("POST", APP + "/reports/by_region/run", "{\"parameters\": {\"minimum\": \"lots\"}}");
        assertThat(parameter.status()).isEqualTo(400);
        assertThat(parameter.contentType()).startsWith("application/problem+json");
        assertThat(parameter.json().get("problems").get(0).get("path").stringValue()).isEqualTo("/minimum");
        Response cell = call("POST", APP + "/reports/by_region/drill", "{\"cell\": {\"colour\": \"red\"}}");
        assertThat(cell.status()).isEqualTo(400);
        assertThat(cell.json().get("problems").get(0).get("path").stringValue()).isEqualTo("/cell/colour");
        Response definition = call("PUT", APP + "/metadata/report/broken", """
                {"name": "broken", "object": "sales_order",
                 "aggregates": [{"name": "x", "function": "sum", "field": "partner.name"}]}""");
        assertThat(definition.status()).isEqualTo(400);
        assertThat(definition.json().get("problems").get(0).get("code").stringValue()).isEqualTo("report-aggregate-type");
        assertThat(definition.json().get("problems").get(0).get("path").stringValue()).isEqualTo("/aggregates/0/field");
        assertThat(call("GET", APP + "/reports/nothing", null).status()).isEqualTo(404);
    }

    @Test
    void aDashboardRendersEChartsOptionsAndKpisUnderItsFilters() {
        JsonNode view = call("POST", APP + "/dashboards/cockpit/render", "{\"filters\": {\"minimum\": 60}}").json();
        JsonNode bar = view.get("widgets").get(0);
        assertThat(bar.get("option").get("xAxis").get("data").toString()).isEqualTo("[\"east\"]");
        assertThat(bar.get("option").get("series").get(0).get("type").stringValue()).isEqualTo("bar");
        assertThat(bar.get("option").get("series").get(0).get("data").toString()).isEqualTo("[600.00]");
        JsonNode kpi = view.get("widgets").get(1).get("kpi");
        assertThat(kpi.get("value").intValue()).isEqualTo(3);
        assertThat(kpi.get("progress").decimalValue()).isEqualByComparingTo("0.3");
        Response drill = call("POST", APP + "/dashboards/cockpit/widgets/regions/drill",
                "{\"filters\": {\"minimum\": 60}, \"cell\": {\"region\": \"east\"}, \"to\": \"records\"}");
        assertThat(drill.json().get("rows")).hasSize(3);
        assertThat(call("POST", APP + "/dashboards/cockpit/render", "{\"filters\": {\"colour\": 1}}").status())
                .isEqualTo(400);
        assertThat(call("POST", "/api/v1/dashboards/snapshots", null).status()).isEqualTo(200);
    }
}
