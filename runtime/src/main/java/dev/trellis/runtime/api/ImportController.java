package dev.trellis.runtime.api;

import dev.trellis.core.Actor;
import dev.trellis.core.InvalidException;
import dev.trellis.core.NotFoundException;
import dev.trellis.core.json.Json;
import dev.trellis.data.ColumnMapping;
import dev.trellis.data.ImportJob;
import dev.trellis.data.ImportOptions;
import dev.trellis.data.ImportPreview;
import dev.trellis.data.ImportService;
import dev.trellis.data.TabularFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * Imports: a multipart upload ({@code file}, and {@code options} as JSON: mode, mapping, mappingName, sheet,
 * header, delimiter, encoding, upsertKey, batchSize) previews a file or starts a job; jobs are read, listed,
 * cancelled, and their rejected rows downloaded; mappings are saved by name per object.
 */
@RestController
class ImportController {

    private final ImportService imports;

    ImportController(ImportService imports) {
        this.imports = imports;
    }

    @PostMapping(path = "/api/v1/apps/{app}/records/{object}/import/preview", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ImportPreview preview(Actor actor, @PathVariable String app, @PathVariable String object,
            @RequestPart("file") MultipartFile file, @RequestPart(name = "options", required = false) String options) {
        Path upload = save(file);
        try {
            return imports.preview(actor, app, object, file.getOriginalFilename(), upload, options(options));
        } finally {
            delete(upload);
        }
    }

    @PostMapping(path = "/api/v1/apps/{app}/records/{object}/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<ImportJob> start(Actor actor, @PathVariable String app, @PathVariable String object,
            @RequestPart("file") MultipartFile file, @RequestPart(name = "options", required = false) String options) {
        Path upload = save(file);
        try {
            ImportJob job = imports.start(actor, app, object, file.getOriginalFilename(), upload, options(options));
            return ResponseEntity.accepted().location(URI.create("/api/v1/apps/" + app + "/import-jobs/" + job.id()))
                    .body(job);
        } finally {
            delete(upload); // gone already when the job took it
        }
    }

    @GetMapping("/api/v1/apps/{app}/import-jobs")
    List<ImportJob> jobs(Actor actor, @PathVariable String app, @RequestParam(defaultValue = "50") int limit) {
        return imports.jobs(actor, app, limit);
    }

    @GetMapping("/api/v1/apps/{app}/import-jobs/{id}")
    ImportJob job(Actor actor, @PathVariable String app, @PathVariable long id) {
        return imports.job(actor, app, id);
    }

    @PostMapping("/api/v1/apps/{app}/import-jobs/{id}/cancel")
    ImportJob cancel(Actor actor, @PathVariable String app, @PathVariable long id) {
        return imports.cancel(actor, app, id);
    }

    @GetMapping("/api/v1/apps/{app}/import-jobs/{id}/rejected")
    ResponseEntity<Resource> rejected(Actor actor, @PathVariable String app, @PathVariable long id) {
        Path file = imports.rejectedRows(actor, app, id).orElseThrow(() -> new NotFoundException("rejected-rows-not-found",
                "import job " + id + " has no rejected rows (yet)"));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("import-" + id + "-rejected.xlsx").build().toString())
                .contentType(MediaType.parseMediaType(TabularFormat.XLSX.contentType()))
                .body(new FileSystemResource(file));
    }

    @GetMapping("/api/v1/apps/{app}/records/{object}/import-mappings")
    List<String> mappings(@PathVariable String app, @PathVariable String object) {
        return imports.mappings(app, object);
    }

    @GetMapping("/api/v1/apps/{app}/records/{object}/import-mappings/{name}")
    Map<String, Object> mapping(@PathVariable String app, @PathVariable String object, @PathVariable String name) {
        List<ColumnMapping> columns = imports.findMapping(app, object, name).orElseThrow(() -> new NotFoundException(
                "mapping-not-found", "no saved mapping '" + name + "' of " + object));
        return Map.of("name", name, "columns", columns);
    }

    @PutMapping("/api/v1/apps/{app}/records/{object}/import-mappings/{name}")
    Map<String, Object> saveMapping(Actor actor, @PathVariable String app, @PathVariable String object,
            @PathVariable String name, @RequestBody JsonNode body) {
        JsonNode columns = body.get("columns");
        if (columns == null || !columns.isArray()) {
            throw InvalidException.of("mapping-invalid", "/columns", "send {\"columns\": [{column, field, lookupKey}]}");
        }
        List<ColumnMapping> mapping;
        try {
            mapping = Json.MAPPER.convertValue(columns, new TypeReference<List<ColumnMapping>>() { });
        } catch (JacksonException e) {
            throw InvalidException.of("mapping-invalid", "/columns", e.getOriginalMessage());
        }
        imports.saveMapping(actor, app, object, name, mapping);
        return Map.of("name", name, "columns", mapping);
    }

    private static ImportOptions options(String json) {
        if (json == null || json.isBlank()) {
            return ImportOptions.of(null);
        }
        try {
            return Json.MAPPER.readValue(json, ImportOptions.class);
        } catch (JacksonException e) {
            if (e.getCause() instanceof InvalidException invalid) {
                throw invalid;
            }
            throw InvalidException.of("import-options-invalid", "/options", "the options are not valid: "
                    + e.getOriginalMessage());
        }
    }

    private static Path save(MultipartFile file) {
        if (file == null || file.isEmpty()) {
            throw InvalidException.of("file-empty", "/file", "the file is empty");
        }
        try {
            Path path = Files.createTempFile("trellis-upload-", ".upload");
            file.transferTo(path);
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a temp file left behind; the OS cleans its temp directory
        }
    }
}
