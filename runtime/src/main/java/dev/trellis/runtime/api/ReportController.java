package dev.trellis.runtime.api;

import dev.trellis.core.Actor;
import dev.trellis.core.InvalidException;
import dev.trellis.data.TabularFormat;
import dev.trellis.report.ReportColumn;
import dev.trellis.report.ReportResult;
import dev.trellis.report.ReportService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.JsonNode;

/** Runs published reports and drills into them, as the signed-in user (their permissions apply). */
@RestController
class ReportController {

    private final ReportService reports;

    ReportController(ReportService reports) {
        this.reports = reports;
    }

    /** The report with its parameters' defaults. */
    @GetMapping("/api/v1/apps/{app}/reports/{report}")
    ReportResult run(Actor actor, @PathVariable String app, @PathVariable String report) {
        return reports.run(actor, app, report, Map.of());
    }

    /** {@code {"parameters": {"period": "this_quarter", "region": "east"}}}. */
    @PostMapping("/api/v1/apps/{app}/reports/{report}/run")
    ReportResult run(Actor actor, @PathVariable String app, @PathVariable String report,
            @RequestBody(required = false) JsonNode body) {
        return reports.run(actor, app, report, object(body, "parameters"));
    }

    /**
     * {@code {"parameters": {…}, "cell": {"region": "east", "month": "2026-03-01"}, "to": "partner" | "records",
     * "after": 120, "limit": 100}}: the next level of a cell, or its records.
     */
    @PostMapping("/api/v1/apps/{app}/reports/{report}/drill")
    ReportResult drill(Actor actor, @PathVariable String app, @PathVariable String report,
            @RequestBody(required = false) JsonNode body) {
        return reports.drill(actor, app, report, object(body, "parameters"), drill(body));
    }

    /**
     * {@code {"parameters": {…}, "format": "xlsx" | "csv", "locale": "zh-CN"}}: the report's rows as a streamed
     * download; it needs the export permission on the report's object, and is in the operation log.
     */
    @PostMapping("/api/v1/apps/{app}/reports/{report}/export")
    ResponseEntity<StreamingResponseBody> export(Actor actor, @PathVariable String app, @PathVariable String report,
            @RequestBody(required = false) JsonNode body) {
        JsonNode format = body == null ? null : body.get("format");
        JsonNode locale = body == null ? null : body.get("locale");
        return ExportController.download(reports.export(actor, app, report, object(body, "parameters"),
                format == null || format.isNull() ? TabularFormat.XLSX : TabularFormat.named(format.asString(), "/format"),
                locale != null && locale.isString() ? locale.stringValue() : null));
    }

    @GetMapping("/api/v1/apps/{app}/reports/{report}/columns")
    List<ReportColumn> columns(Actor actor, @PathVariable String app, @PathVariable String report) {
        return reports.columns(actor, app, report);
    }

    /** The drill part of a request body (shared with the dashboards' widget drill). */
    static ReportService.Drill drill(JsonNode body) {
        JsonNode to = body == null ? null : body.get("to");
        if (to != null && !to.isNull() && !to.isString()) {
            throw InvalidException.of("drill-invalid", "/to", "to names a grouping or \"records\"");
        }
        return new ReportService.Drill(object(body, "cell"), to == null || to.isNull() ? null : to.stringValue(),
                number(body, "after") == null ? null : number(body, "after").longValue(),
                number(body, "limit") == null ? null : number(body, "limit").intValue());
    }

    /** A JSON object member as a map (empty when absent); anything but an object is a 400 at its path. */
    static Map<String, JsonNode> object(JsonNode body, String member) {
        JsonNode node = body == null ? null : body.get(member);
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw InvalidException.of("body-invalid", "/" + member, member + " is an object");
        }
        Map<String, JsonNode> values = new LinkedHashMap<>();
        node.properties().forEach(e -> values.put(e.getKey(), e.getValue()));
        return values;
    }

    private static Number number(JsonNode body, String member) {
        JsonNode node = body == null ? null : body.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber()) {
            throw InvalidException.of("body-invalid", "/" + member, member + " is a whole number");
        }
        return node.longValue();
    }
}
