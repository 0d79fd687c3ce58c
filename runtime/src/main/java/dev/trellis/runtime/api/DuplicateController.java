package dev.trellis.runtime.api;

import dev.trellis.core.Actor;
import dev.trellis.core.InvalidException;
import dev.trellis.core.json.Json;
import dev.trellis.data.DuplicateCandidate;
import dev.trellis.data.DuplicateRules;
import dev.trellis.data.DuplicateService;
import dev.trellis.data.MergeResult;
import java.util.List;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Duplicate search ({@code {"keys": ["tax_id"], "phone": "phone", "similarity": 0.6, "limit": 100}}) and the
 * merge of a reviewed pair ({@code {"duplicate": 12, "fillBlanks": true}} posted to the record kept).
 */
@RestController
class DuplicateController {

    private final DuplicateService duplicates;

    DuplicateController(DuplicateService duplicates) {
        this.duplicates = duplicates;
    }

    @PostMapping("/api/v1/apps/{app}/records/{object}/duplicates")
    List<DuplicateCandidate> find(Actor actor, @PathVariable String app, @PathVariable String object,
            @RequestBody(required = false) JsonNode body) {
        DuplicateRules rules;
        try {
            rules = body == null || body.isNull() ? new DuplicateRules(null, null, null, null, null)
                    : Json.MAPPER.treeToValue(body, DuplicateRules.class);
        } catch (JacksonException e) {
            throw InvalidException.of("duplicate-rules-invalid", "", "the rules are not valid: " + e.getOriginalMessage());
        }
        return duplicates.find(actor, app, object, rules);
    }

    @PostMapping("/api/v1/apps/{app}/records/{object}/{id}/merge")
    MergeResult merge(Actor actor, @PathVariable String app, @PathVariable String object, @PathVariable long id,
            @RequestBody JsonNode body) {
        JsonNode duplicate = body.get("duplicate");
        if (duplicate == null || !duplicate.isIntegralNumber()) {
            throw InvalidException.of("merge-duplicate-missing", "/duplicate", "name the record to merge into this one:"
                    + " {\"duplicate\": <id>}");
        }
        return duplicates.merge(actor, app, object, id, duplicate.longValue(), body.path("fillBlanks").asBoolean(false));
    }
}
