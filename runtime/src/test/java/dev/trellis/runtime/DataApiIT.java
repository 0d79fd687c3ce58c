package dev.trellis.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Data in and out over HTTP: a multipart import as a job, its report, a streamed export. */
class DataApiIT extends ApiTest {

    private static final String APP = "/api/v1/apps/data_api";
    private static boolean published;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void publish() {
        if (published) {
            return;
        }
        call("PUT", APP + "/metadata/app/data_api", "{\"name\": \"data_api\"}");
        call("PUT", APP + "/metadata/object/partner", """
                {"name": "partner", "nameField": "name", "fields": [
                  {"name": "name", "type": "text", "required": true, "label": {"zh-CN": "名称"}},
                  {"name": "code", "type": "text", "unique": true, "label": {"zh-CN": "编码"}}]}""");
        assertThat(call("POST", APP + "/publish", "{}").status()).isEqualTo(200);
        published = true;
    }

    private HttpResponse<byte[]> multipart(String path, String fileName, byte[] file, String options) throws Exception {
        String boundary = UUID.randomUUID().toString();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        if (options != null) {
            body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"options\"\r\n"
                    + "Content-Type: application/json\r\n\r\n" + options).getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", admin())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> download(String method, String path, String json) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", admin()).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String admin() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCsvImportRunsAsAJobWithAReportAndTheRecordsExportAgain() throws Exception {
        byte[] csv = "\uFEFF名称,编码\r\n华东经销商,API-1\r\n,API-2\r\n=cmd|' /C calc'!A0,API-3\r\n".getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> preview = multipart(APP + "/records/partner/import/preview", "partners.csv", csv, null);
        assertThat(preview.statusCode()).isEqualTo(200);
        JsonNode p = Json.parse(new String(preview.body(), StandardCharsets.UTF_8));
        assertThat(p.get("encoding").stringValue()).isEqualTo("UTF-8 (BOM)");
        assertThat(p.get("suggestedMapping").toString()).contains("\"field\":\"name\"", "\"field\":\"code\"");

        HttpResponse<byte[]> started = multipart(APP + "/records/partner/import", "partners.csv", csv,
                "{\"mode\": \"valid_only\"}");
        assertThat(started.statusCode()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        JsonNode job = Json.parse(new String(started.body(), StandardCharsets.UTF_8));
        for (int i = 0; i < 200 && !Set.of("done", "failed", "cancelled").contains(job.get("status").stringValue()); i++) {
            Thread.sleep(50);
            job = call("GET", location, null).json();
        }
        assertThat(job.get("status").stringValue()).isEqualTo("done");
        assertThat(job.get("rowsWritten").longValue()).isEqualTo(2);
        assertThat(job.get("problems").get(0).get("row").longValue()).isEqualTo(3);
        assertThat(job.get("problems").get(0).get("column").stringValue()).isEqualTo("名称");
        assertThat(call("GET", APP + "/import-jobs", null).json().get(0).get("id").longValue())
                .isEqualTo(job.get("id").longValue());

        HttpResponse<byte[]> rejected = download("GET", location + "/rejected", null);
        assertThat(rejected.statusCode()).isEqualTo(200);
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(rejected.body()))) {
            assertThat(book.getSheetAt(0).getRow(1).getCell(3).getStringCellValue()).isEqualTo("名称: name is required");
        }

        HttpResponse<byte[]> export = download("POST", APP + "/records/partner/export", """
                {"format": "csv", "query": {"sort": [{"field": "code"}]}, "fields": ["code", "name"], "locale": "zh-CN"}""");
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment", ".csv");
        assertThat(new String(export.body(), StandardCharsets.UTF_8))
                .isEqualTo("\uFEFF编码,名称\r\nAPI-1,华东经销商\r\nAPI-3,'=cmd|' /C calc'!A0\r\n");
        assertThat(call("GET", "/api/v1/operation-log?action=export", null).text()).contains("data_api/partner");
    }

    @Test
    void duplicatesAreFoundAndMergedOverHttp() {
        long keep = call("POST", APP + "/records/partner", "{\"name\": \"Dup Trading Co., Ltd.\", \"code\": \"DUP-1\"}")
                .json().get("id").longValue();
        long gone = call("POST", APP + "/records/partner", "{\"name\": \"DUP Trading\", \"code\": \"DUP-2\"}")
                .json().get("id").longValue();
        JsonNode found = call("POST", APP + "/records/partner/duplicates", "{\"similarity\": 0.9}").json();
        assertThat(found.toString()).contains("\"reasons\":[\"same name\"]");
        Response merged = call("POST", APP + "/records/partner/" + keep + "/merge", "{\"duplicate\": " + gone + "}");
        assertThat(merged.status()).isEqualTo(200);
        assertThat(call("GET", APP + "/records/partner/" + gone, null).status()).isEqualTo(404);
        assertThat(call("POST", APP + "/records/partner/" + keep + "/merge", "{}").status()).isEqualTo(400);
    }

    @Test
    void badRequestsAreProblemsBeforeAnythingRuns() throws Exception {
        HttpResponse<byte[]> empty = multipart(APP + "/records/partner/import", "empty.csv", new byte[0], null);
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(new String(empty.body(), StandardCharsets.UTF_8)).contains("file-empty");
        HttpResponse<byte[]> badMode = multipart(APP + "/records/partner/import", "p.csv",
                "name\nx\n".getBytes(StandardCharsets.UTF_8), "{\"mode\": \"sometimes\"}");
        assertThat(badMode.statusCode()).isEqualTo(400);
        HttpResponse<byte[]> badField = multipart(APP + "/records/partner/import", "p.csv",
                "name\nx\n".getBytes(StandardCharsets.UTF_8), "{\"mapping\": [{\"column\": \"name\", \"field\": \"colour\"}]}");
        assertThat(badField.statusCode()).isEqualTo(400);
        assertThat(new String(badField.body(), StandardCharsets.UTF_8)).contains("/mapping/0/field");
        HttpResponse<byte[]> badExport = download("POST", APP + "/records/partner/export", "{\"format\": \"pdf\"}");
        assertThat(badExport.statusCode()).isEqualTo(400);
        assertThat(download("GET", APP + "/import-jobs/999999", null).statusCode()).isEqualTo(404);
    }
}
