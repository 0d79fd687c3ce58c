package dev.trellis.runtime.api;

import dev.trellis.core.Actor;
import dev.trellis.core.InvalidException;
import dev.trellis.core.record.RecordQuery;
import dev.trellis.data.Export;
import dev.trellis.data.ExportRequest;
import dev.trellis.data.ExportService;
import dev.trellis.data.TabularFormat;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.JsonNode;

/**
 * Exports of a query as a streamed xlsx or CSV download:
 * {@code {"format": "xlsx", "query": {filter, sort}, "fields": ["code", "name"], "locale": "zh-CN"}}.
 * Every check (export permission, fields, query, size) is made before the first byte, so a refusal is
 * still a problem document.
 */
@RestController
@RequestMapping("/api/v1/apps/{app}/records/{object}/export")
class ExportController {

    private final ExportService exports;

    ExportController(ExportService exports) {
        this.exports = exports;
    }

    @PostMapping
    ResponseEntity<StreamingResponseBody> export(Actor actor, @PathVariable String app, @PathVariable String object,
            @RequestBody(required = false) JsonNode body) {
        return download(exports.prepare(actor, app, object, request(body)));
    }

    /** A checked export as a streamed download (shared with report exports). */
    static ResponseEntity<StreamingResponseBody> download(Export export) {
        ContentDisposition disposition = ContentDisposition.attachment()
                .filename(export.fileName(), java.nio.charset.StandardCharsets.UTF_8).build();
        ResponseEntity.BodyBuilder response = ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, disposition.toString())
                .contentType(MediaType.parseMediaType(export.format().contentType()));
        if (export.total() >= 0) {
            response.header("X-Total-Count", Long.toString(export.total()));
        }
        return response.body(export::writeTo);
    }

    private static ExportRequest request(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return new ExportRequest(TabularFormat.XLSX, null, null, null);
        }
        if (!body.isObject()) {
            throw InvalidException.of("export-invalid", "", "send {format, query, fields, locale}");
        }
        TabularFormat format = body.hasNonNull("format")
                ? TabularFormat.named(body.get("format").asString(), "/format") : TabularFormat.XLSX;
        List<String> fields = new ArrayList<>();
        JsonNode f = body.get("fields");
        if (f != null && !f.isNull()) {
            if (!f.isArray() || !f.valueStream().allMatch(JsonNode::isString)) {
                throw InvalidException.of("export-fields-invalid", "/fields", "fields is an array of field names");
            }
            f.valueStream().map(JsonNode::stringValue).forEach(fields::add);
        }
        RecordQuery query;
        try {
            query = RecordQuery.fromJson(body.get("query"));
        } catch (InvalidException e) {
            throw new InvalidException(e.getMessage(), e.problems().stream().map(p -> p.under("/query")).toList());
        }
        JsonNode locale = body.get("locale");
        return new ExportRequest(format, query, fields, locale != null && locale.isString() ? locale.stringValue() : null);
    }
}
