package dev.trellis.runtime.api;

import dev.trellis.core.Actor;
import dev.trellis.core.Problem;
import dev.trellis.form.FormService;
import dev.trellis.form.FormSubmitResult;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Forms: the render model for the signed-in user, a dry-run validation and the submission that saves a record
 * with its detail lines in one transaction ({@code {"id", "version", "values": {…}, "lines": {"order_line": [
 * …]}}}); a refused submission is a 400 listing every problem at its path, with nothing written.
 */
@RestController
@RequestMapping("/api/v1/apps/{app}/forms/{object}")
class FormController {

    private final FormService forms;

    FormController(FormService forms) {
        this.forms = forms;
    }

    /** The form chosen for the user (by record type when given, then role), or the object's default form. */
    @GetMapping
    ObjectNode chosen(Actor actor, @PathVariable String app, @PathVariable String object,
            @RequestParam(required = false) String recordType) {
        return forms.render(actor, app, object, null, recordType);
    }

    @GetMapping("/{form}")
    ObjectNode render(Actor actor, @PathVariable String app, @PathVariable String object, @PathVariable String form) {
        return forms.render(actor, app, object, form);
    }

    /** {@code {valid, problems}}: what a submit would be refused for, without writing anything. */
    @PostMapping("/{form}/validate")
    Map<String, Object> validate(Actor actor, @PathVariable String app, @PathVariable String object,
            @PathVariable String form, @RequestBody JsonNode submission) {
        List<Problem> problems = forms.validate(actor, app, object, form, submission);
        return Map.of("valid", problems.isEmpty(),
                "problems", ProblemResponses.body(HttpStatus.BAD_REQUEST, "invalid", "", problems).get("problems"));
    }

    /** Saves the record and its lines: 201 for a new record, 200 for a change. */
    @PostMapping("/{form}/submit")
    ResponseEntity<FormSubmitResult> submit(Actor actor, @PathVariable String app, @PathVariable String object,
            @PathVariable String form, @RequestBody JsonNode submission) {
        boolean creates = !submission.hasNonNull("id");
        FormSubmitResult saved = forms.submit(actor, app, object, form, submission);
        return ResponseEntity.status(creates ? HttpStatus.CREATED : HttpStatus.OK).body(saved);
    }
}
