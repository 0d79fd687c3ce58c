package dev.trellis.runtime.api;

import dev.trellis.core.Actor;
import dev.trellis.core.InvalidException;
import dev.trellis.core.record.AuditPage;
import dev.trellis.core.record.BulkResult;
import dev.trellis.core.record.RecordPage;
import dev.trellis.core.record.Permissions;
import dev.trellis.core.record.RecordQuery;
import dev.trellis.core.record.RecordShare;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.record.SortOrder;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Records of published objects: CRUD, query, bulk create, audit history, manual shares and permissions. */
@RestController
@RequestMapping("/api/v1/apps/{app}/records/{object}")
class RecordController {

    static final int MAX_BULK = 10_000;

    private final RecordService records;

    RecordController(RecordService records) {
        this.records = records;
    }

    /** A page of records: {@code ?limit=50&after=<cursor>&sort=name,-amount&expand=partner&count=true}. */
    @GetMapping
    RecordPage list(Actor actor, @PathVariable String app, @PathVariable String object,
            @RequestParam(defaultValue = "" + RecordQuery.DEFAULT_LIMIT) int limit,
            @RequestParam(required = false) String after, @RequestParam(required = false) String sort,
            @RequestParam(required = false) String expand, @RequestParam(defaultValue = "false") boolean count) {
        List<SortOrder> orders = new ArrayList<>();
        for (String key : split(sort)) {
            orders.add(key.startsWith("-") ? new SortOrder(key.substring(1), true) : new SortOrder(key, false));
        }
        return records.query(actor, app, object, new RecordQuery(null, orders, limit, after, count, split(expand)));
    }

    @PostMapping("/query")
    RecordPage query(Actor actor, @PathVariable String app, @PathVariable String object,
            @RequestBody(required = false) JsonNode query) {
        return records.query(actor, app, object, RecordQuery.fromJson(query));
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> create(Actor actor, @PathVariable String app, @PathVariable String object,
            @RequestBody JsonNode values) {
        Map<String, Object> created = records.create(actor, app, object, values);
        return ResponseEntity.created(URI.create("/api/v1/apps/" + app + "/records/" + object + "/" + created.get("id")))
                .body(created);
    }

    @PostMapping("/bulk")
    ResponseEntity<BulkResult> bulk(Actor actor, @PathVariable String app, @PathVariable String object,
            @RequestBody JsonNode body) {
        JsonNode rows = body.get("records");
        if (rows == null || !rows.isArray()) {
            throw InvalidException.of("bulk-invalid", "/records", "send {\"records\": [ … ]}");
        }
        if (rows.size() > MAX_BULK) {
            throw InvalidException.of("bulk-too-large", "/records", "at most " + MAX_BULK
                    + " records per request; split larger loads or use the import");
        }
        List<JsonNode> list = new ArrayList<>(rows.size());
        rows.forEach(list::add);
        return ResponseEntity.status(201).body(records.bulkCreate(actor, app, object, list));
    }

    @GetMapping("/{id}")
    Map<String, Object> get(Actor actor, @PathVariable String app, @PathVariable String object, @PathVariable long id,
            @RequestParam(required = false) String expand) {
        return records.get(actor, app, object, id, split(expand));
    }

    /**
     * Changes the fields in the body. The version the client read goes in the body's {@code version}
     * or an {@code If-Match} header; a record changed since is a 409, never a lost write.
     */
    @PatchMapping("/{id}")
    Map<String, Object> update(Actor actor, @PathVariable String app, @PathVariable String object, @PathVariable long id,
            @RequestBody JsonNode values, @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        return records.update(actor, app, object, id, expectedVersion(values, ifMatch), values);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Actor actor, @PathVariable String app, @PathVariable String object, @PathVariable long id,
            @RequestParam(required = false) Integer version) {
        records.delete(actor, app, object, id, version);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}/history")
    AuditPage history(Actor actor, @PathVariable String app, @PathVariable String object, @PathVariable long id,
            @RequestParam(required = false) String field, @RequestParam(defaultValue = "50") int limit,
            @RequestParam(required = false) Long before) {
        return records.history(actor, app, object, id, field, limit, before);
    }

    /** What the signed-in user may do with the object, and the fields they may not see or set. */
    @GetMapping("/permissions")
    Permissions permissions(Actor actor, @PathVariable String app, @PathVariable String object) {
        return records.permissions(actor, app, object);
    }

    @GetMapping("/{id}/shares")
    List<RecordShare> shares(Actor actor, @PathVariable String app, @PathVariable String object, @PathVariable long id) {
        return records.shares(actor, app, object, id);
    }

    /** Shares the record with one user: {@code {"access": "read"}} or {@code "edit"}. */
    @PutMapping("/{id}/shares/{userId}")
    List<RecordShare> share(Actor actor, @PathVariable String app, @PathVariable String object, @PathVariable long id,
            @PathVariable long userId, @RequestBody JsonNode body) {
        JsonNode access = body == null ? null : body.get("access");
        if (access == null || !access.isString()) {
            throw InvalidException.of("share-access-invalid", "/access", "send {\"access\": \"read\"} or \"edit\"");
        }
        records.share(actor, app, object, id, userId, access.stringValue());
        return records.shares(actor, app, object, id);
    }

    @DeleteMapping("/{id}/shares/{userId}")
    ResponseEntity<Void> unshare(Actor actor, @PathVariable String app, @PathVariable String object,
            @PathVariable long id, @PathVariable long userId) {
        records.unshare(actor, app, object, id, userId);
        return ResponseEntity.noContent().build();
    }

    private static int expectedVersion(JsonNode values, String ifMatch) {
        JsonNode version = values == null ? null : values.get("version");
        if (version != null && version.canConvertToInt() && version.isIntegralNumber()) {
            return version.asInt();
        }
        if (ifMatch != null) {
            try {
                return Integer.parseInt(ifMatch.replace("W/", "").replace("\"", "").trim());
            } catch (NumberFormatException e) {
                throw InvalidException.of("version-invalid", "If-Match", "If-Match carries the record's version number");
            }
        }
        throw InvalidException.of("version-required", "/version",
                "send the version you read (\"version\": n in the body, or If-Match: n) so no change is lost");
    }

    private static Set<String> split(String csv) {
        if (csv == null || csv.isBlank()) {
            return new LinkedHashSet<>();
        }
        return new LinkedHashSet<>(Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    }
}
