package dev.trellis.runtime.api;

import dev.trellis.core.Actor;
import dev.trellis.core.ForbiddenException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.record.RecordService;
import dev.trellis.rule.Expression;
import dev.trellis.rule.ExpressionScope;
import dev.trellis.rule.ExpressionService;
import dev.trellis.rule.MapRecordContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The designers' test bench for expressions: check one against an object, or run it on a sample record or
 * a stored one and see the value and every value it read. Only administrators (who design) may use it.
 */
@RestController
class ExpressionController {

    private final ExpressionService expressions;
    private final MetadataService metadata;
    private final RecordService records;

    ExpressionController(ExpressionService expressions, MetadataService metadata, RecordService records) {
        this.expressions = expressions;
        this.metadata = metadata;
        this.records = records;
    }

    @GetMapping("/api/v1/expressions/functions")
    List<String> functions() {
        return expressions.functions();
    }

    /**
     * {@code {"object": "sales_order", "expression": "amount > partner.credit_limit", "recordId": 5}} or with
     * {@code "record": {...}} field values instead; answers {@code {value, type, read: {path: value}}}.
     */
    @PostMapping("/api/v1/apps/{app}/expressions/evaluate")
    Map<String, Object> evaluate(Actor actor, @PathVariable String app, @RequestBody JsonNode body) {
        if (!actor.isAdmin()) {
            throw new ForbiddenException("expression-evaluate-forbidden", "only administrators test expressions");
        }
        String object = text(body, "object");
        String source = text(body, "expression");
        PublishedApp published = metadata.published(app);
        ExpressionScope scope = ExpressionScope.of(published, object);
        Expression expression = expressions.compile(scope, source, null);
        Map<String, Object> values;
        if (body.hasNonNull("recordId")) {
            values = records.get(actor, app, object, body.get("recordId").asLong(), Set.of());
        } else if (body.path("record").isObject()) {
            // a sample record goes through the same conversion as a real one, without being written
            values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : body.get("record").properties()) {
                values.put(e.getKey(), sample(scope, e.getKey(), e.getValue()));
            }
        } else {
            throw InvalidException.of("record-required", "/record", "send a sample record or a recordId");
        }
        MapRecordContext context = new MapRecordContext(scope, values, null, actor, (o, id) -> {
            try {
                return records.get(actor, app, o, id, Set.of());
            } catch (RuntimeException e) {
                return null; // out of reach reads as blank, as it would for the actor
            }
        });
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("type", expression.type().jsonName());
        result.put("value", expression.evaluate(context));
        result.put("read", expression.trace(context));
        return result;
    }

    private static Object sample(ExpressionScope scope, String field, JsonNode value) {
        var definition = scope.object().findField(field).orElseThrow(() -> InvalidException.of("field-unknown",
                "/record/" + field, "object " + scope.object().name() + " has no field '" + field + "'"));
        List<dev.trellis.core.Problem> problems = new java.util.ArrayList<>();
        Object converted = dev.trellis.core.storage.ValueConverter.toColumn(definition, value, "/record/" + field, problems);
        if (!problems.isEmpty()) {
            throw new InvalidException(problems);
        }
        return dev.trellis.core.storage.ValueConverter.fromColumn(converted);
    }

    private static String text(JsonNode body, String property) {
        JsonNode node = body == null ? null : body.get(property);
        if (node == null || !node.isString()) {
            throw InvalidException.of("property-required", "/" + property, property + " is required");
        }
        return node.stringValue();
    }
}
