package dev.trellis.runtime.api;

import dev.trellis.core.Actor;
import dev.trellis.core.InvalidException;
import dev.trellis.core.Problem;
import dev.trellis.core.metadata.JsonChange;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.MetadataVersion;
import dev.trellis.core.metadata.PublishResult;
import dev.trellis.core.schema.MigrationPlan;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Metadata: save drafts, validate, see history and diffs, roll back, preview the plan, publish. */
@RestController
@RequestMapping("/api/v1/apps")
class MetadataController {

    private final MetadataService metadata;

    MetadataController(MetadataService metadata) {
        this.metadata = metadata;
    }

    @GetMapping
    List<String> apps() {
        return metadata.apps();
    }

    @GetMapping("/{app}/metadata/{kind}")
    List<MetadataVersion> list(@PathVariable String app, @PathVariable String kind) {
        return metadata.list(app, kind);
    }

    /** The latest version, or the published one with {@code ?published=true}, or {@code ?version=n}. */
    @GetMapping("/{app}/metadata/{kind}/{name}")
    MetadataVersion get(@PathVariable String app, @PathVariable String kind, @PathVariable String name,
            @RequestParam(required = false) Integer version, @RequestParam(defaultValue = "false") boolean published) {
        if (version != null) {
            return metadata.getVersion(app, kind, name, version);
        }
        if (published) {
            return metadata.findPublished(app, kind, name).orElseThrow(() -> new dev.trellis.core.NotFoundException(
                    "metadata-not-published", kind + " '" + name + "' has never been published"));
        }
        return metadata.getLatest(app, kind, name);
    }

    @PutMapping("/{app}/metadata/{kind}/{name}")
    ResponseEntity<MetadataVersion> save(Actor actor, @PathVariable String app, @PathVariable String kind,
            @PathVariable String name, @RequestBody JsonNode document, @RequestParam(required = false) String comment) {
        MetadataVersion saved = metadata.saveDraft(actor, app, kind, name, document, comment);
        return ResponseEntity.status(saved.version() == 1 ? HttpStatus.CREATED : HttpStatus.OK).body(saved);
    }

    @DeleteMapping("/{app}/metadata/{kind}/{name}")
    MetadataVersion delete(Actor actor, @PathVariable String app, @PathVariable String kind, @PathVariable String name,
            @RequestParam(required = false) String comment) {
        return metadata.deleteDraft(actor, app, kind, name, comment);
    }

    @PostMapping("/{app}/metadata/{kind}/{name}/validate")
    Map<String, Object> validate(@PathVariable String app, @PathVariable String kind, @PathVariable String name,
            @RequestBody JsonNode document) {
        List<Problem> problems = metadata.validate(app, kind, name, document);
        return Map.of("valid", problems.isEmpty(),
                "problems", ProblemResponses.body(HttpStatus.BAD_REQUEST, "invalid", "", problems).get("problems"));
    }

    @GetMapping("/{app}/metadata/{kind}/{name}/history")
    List<MetadataVersion> history(@PathVariable String app, @PathVariable String kind, @PathVariable String name) {
        return metadata.history(app, kind, name);
    }

    @GetMapping("/{app}/metadata/{kind}/{name}/diff")
    List<JsonChange> diff(@PathVariable String app, @PathVariable String kind, @PathVariable String name,
            @RequestParam int from, @RequestParam int to) {
        return metadata.diff(app, kind, name, from, to);
    }

    record RollbackRequest(Integer version, String comment) {
    }

    @PostMapping("/{app}/metadata/{kind}/{name}/rollback")
    MetadataVersion rollback(Actor actor, @PathVariable String app, @PathVariable String kind, @PathVariable String name,
            @RequestBody RollbackRequest request) {
        if (request.version() == null) {
            throw InvalidException.of("version-required", "/version", "name the version to roll back to");
        }
        return metadata.rollback(actor, app, kind, name, request.version(), request.comment());
    }

    @GetMapping("/{app}/plan")
    MigrationPlan plan(@PathVariable String app) {
        return metadata.plan(app);
    }

    record PublishRequest(boolean confirmDestructive, String comment) {
    }

    @PostMapping("/{app}/publish")
    PublishResult publish(Actor actor, @PathVariable String app, @RequestBody(required = false) PublishRequest request) {
        PublishRequest r = request == null ? new PublishRequest(false, null) : request;
        return metadata.publish(actor, app, r.confirmDestructive(), r.comment());
    }
}
