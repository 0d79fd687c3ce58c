package dev.trellis.runtime.api;

import dev.trellis.core.Actor;
import dev.trellis.core.InvalidException;
import dev.trellis.core.json.Json;
import dev.trellis.workflow.ApprovalView;
import dev.trellis.workflow.Inbox;
import dev.trellis.workflow.Page;
import dev.trellis.workflow.TaskAction;
import dev.trellis.workflow.TaskView;
import dev.trellis.workflow.WorkflowService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The task inbox: my open tasks, my groups' tasks to claim, tasks I did, approvals I submitted; acting on a task. */
@RestController
class TaskController {

    private final WorkflowService workflows;

    TaskController(WorkflowService workflows) {
        this.workflows = workflows;
    }

    /** {@code ?box=open|group|done&limit=20&after=<cursor>}, newest first, each with the record's summary. */
    @GetMapping("/api/v1/tasks")
    Page<TaskView> inbox(Actor actor, @RequestParam(defaultValue = "open") String box,
            @RequestParam(defaultValue = "20") int limit, @RequestParam(required = false) Long after) {
        Inbox inbox = switch (box) {
            case "open" -> Inbox.OPEN;
            case "group" -> Inbox.GROUP;
            case "done" -> Inbox.DONE;
            default -> throw InvalidException.of("box-unknown", "/box", "box is open, group or done");
        };
        return workflows.inbox(actor, inbox, limit, after);
    }

    @GetMapping("/api/v1/tasks/submitted")
    Page<ApprovalView> submitted(Actor actor, @RequestParam(defaultValue = "20") int limit,
            @RequestParam(required = false) Long after) {
        return workflows.submitted(actor, limit, after);
    }

    @GetMapping("/api/v1/tasks/{id}")
    TaskView task(Actor actor, @PathVariable long id) {
        return workflows.task(actor, id);
    }

    @PostMapping("/api/v1/tasks/{id}/claim")
    TaskView claim(Actor actor, @PathVariable long id) {
        return workflows.claim(actor, id);
    }

    /**
     * {@code {"action": "approve", "comment": "…"}}; actions approve, reject, reject_back (with {@code step}),
     * return, delegate, resolve, transfer, add_signer (with {@code user}).
     */
    @PostMapping("/api/v1/tasks/{id}/actions")
    TaskView act(Actor actor, @PathVariable long id, @RequestBody JsonNode body) {
        TaskAction action;
        try {
            action = Json.MAPPER.treeToValue(body, TaskAction.class);
        } catch (RuntimeException e) {
            throw InvalidException.of("action-invalid", "/action", "action is one of approve, reject, reject_back, "
                    + "return, delegate, resolve, transfer, add_signer; user is a user id, step a step id");
        }
        return workflows.act(actor, id, action);
    }
}
