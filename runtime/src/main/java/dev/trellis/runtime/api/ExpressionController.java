package dev.trellis.runtime.api;

import dev.trellis.core.Actor;
import dev.trellis.core.ForbiddenException;
import dev.trellis.core.InvalidException;
import dev.trellis.rule.ExpressionService;
import dev.trellis.rule.testrun.RuleTestService;
import dev.trellis.rule.testrun.SampleInput;
import dev.trellis.rule.testrun.TestRun;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The designers' test bench: run an expression or a rule on a sample record or a stored one and see the
 * value and every value it read. Only administrators (who design) may use it.
 */
@RestController
class ExpressionController {

    private final ExpressionService expressions;
    private final RuleTestService tests;

    ExpressionController(ExpressionService expressions, RuleTestService tests) {
        this.expressions = expressions;
        this.tests = tests;
    }

    @GetMapping("/api/v1/expressions/functions")
    List<String> functions() {
        return expressions.functions();
    }

    /**
     * {@code {"object": "sales_order", "expression": "amount > partner.credit_limit", "recordId": 5}}, or with
     * {@code "record": {...}} sample values (and {@code "prior": {...}} for an update); answers
     * {@code {value, type, read: {path: value}}}.
     */
    @PostMapping("/api/v1/apps/{app}/expressions/evaluate")
    Map<String, Object> evaluate(Actor actor, @PathVariable String app, @RequestBody JsonNode body) {
        requireDesigner(actor);
        return answer(tests.evaluate(actor, app, text(body, "object"), text(body, "expression"), input(body)));
    }

    /** What a validation rule, trigger or decision table does with a record: {@code {"record": {...}}} or a recordId. */
    @PostMapping("/api/v1/apps/{app}/rules/{kind}/{name}/test")
    Map<String, Object> test(Actor actor, @PathVariable String app, @PathVariable String kind, @PathVariable String name,
            @RequestBody JsonNode body) {
        requireDesigner(actor);
        return answer(tests.evaluateRule(actor, app, kind, name, input(body)));
    }

    private static void requireDesigner(Actor actor) {
        if (!actor.isAdmin()) {
            throw new ForbiddenException("rule-test-forbidden", "only administrators test expressions and rules");
        }
    }

    private static SampleInput input(JsonNode body) {
        if (body.hasNonNull("recordId")) {
            return body.path("record").isObject() ? SampleInput.storedWith(body.get("recordId").asLong(), body.get("record"))
                    : SampleInput.stored(body.get("recordId").asLong());
        }
        if (body.path("record").isObject()) {
            return body.path("prior").isObject() ? SampleInput.update(body.get("record"), body.get("prior"))
                    : SampleInput.values(body.get("record"));
        }
        throw InvalidException.of("record-required", "/record", "send a sample record or a recordId");
    }

    private static Map<String, Object> answer(TestRun run) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("type", run.type());
        result.put("value", run.value());
        result.put("read", run.trace());
        return result;
    }

    private static String text(JsonNode body, String property) {
        JsonNode node = body == null ? null : body.get(property);
        if (node == null || !node.isString()) {
            throw InvalidException.of("property-required", "/" + property, property + " is required");
        }
        return node.stringValue();
    }
}
