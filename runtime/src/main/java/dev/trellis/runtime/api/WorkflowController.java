package dev.trellis.runtime.api;

import dev.trellis.core.Actor;
import dev.trellis.core.NotFoundException;
import dev.trellis.workflow.ApprovalView;
import dev.trellis.workflow.TimelineEntry;
import dev.trellis.workflow.WorkflowService;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** A record's approval: submit, withdraw, where it stands and its timeline. */
@RestController
class WorkflowController {

    private static final String RECORD = "/api/v1/apps/{app}/records/{object}/{id}";

    private final WorkflowService workflows;

    WorkflowController(WorkflowService workflows) {
        this.workflows = workflows;
    }

    /** {@code {"flow": "order_approval", "comment": "…"}}; without a flow, the object's flow that starts on submit. */
    @PostMapping(RECORD + "/submit")
    @ResponseStatus(HttpStatus.CREATED)
    ApprovalView submit(Actor actor, @PathVariable String app, @PathVariable String object, @PathVariable long id,
            @RequestBody(required = false) JsonNode body) {
        return workflows.submit(actor, app, object, id, text(body, "flow"), text(body, "comment"));
    }

    @PostMapping(RECORD + "/withdraw")
    ApprovalView withdraw(Actor actor, @PathVariable String app, @PathVariable String object, @PathVariable long id,
            @RequestBody(required = false) JsonNode body) {
        return workflows.withdraw(actor, app, object, id, text(body, "comment"));
    }

    /** The latest approval of the record with its timeline: {@code {approval, timeline}}. */
    @GetMapping(RECORD + "/approval")
    Map<String, Object> approval(Actor actor, @PathVariable String app, @PathVariable String object,
            @PathVariable long id) {
        ApprovalView approval = workflows.approval(actor, app, object, id).orElseThrow(() -> new NotFoundException(
                "approval-not-found", object + " " + id + " was never submitted for approval"));
        List<TimelineEntry> timeline = workflows.timeline(actor, app, object, id);
        return Map.of("approval", approval, "timeline", timeline);
    }

    private static String text(JsonNode body, String property) {
        JsonNode node = body == null ? null : body.get(property);
        return node == null || node.isNull() ? null : node.asString();
    }
}
