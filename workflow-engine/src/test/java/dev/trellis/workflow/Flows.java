package dev.trellis.workflow;

import static dev.trellis.core.testing.CoreContext.ADMIN;

import dev.trellis.core.Actor;
import dev.trellis.core.security.NewUser;
import dev.trellis.core.security.UserService;
import dev.trellis.core.testing.CoreContext;
import dev.trellis.rule.RuleEngineConfiguration;
import java.util.Set;

/** The workflow tests' context and small helpers: BPMN documents, users. */
final class Flows {

    private Flows() {
    }

    static void start() {
        CoreContext.extend(RuleEngineConfiguration.class, WorkflowEngineConfiguration.class);
        CoreContext.get();
    }

    static WorkflowService workflows() {
        return CoreContext.get().getBean(WorkflowService.class);
    }

    /** A BPMN 2.0 document around the given process elements, as bpmn.io writes them. */
    static String bpmn(String elements) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Definitions_1"
                    targetNamespace="http://bpmn.io/schema/bpmn">
                  <bpmn:process id="Process_1" isExecutable="true">
                """ + elements + """
                  </bpmn:process>
                </bpmn:definitions>
                """;
    }

    /** One approval step between start and end, as bpmn.io draws it. */
    static final String ONE_STEP = bpmn("""
            <bpmn:startEvent id="StartEvent_1"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
            <bpmn:userTask id="review" name="Review"><bpmn:incoming>Flow_1</bpmn:incoming>
              <bpmn:outgoing>Flow_2</bpmn:outgoing></bpmn:userTask>
            <bpmn:endEvent id="Event_end"><bpmn:incoming>Flow_2</bpmn:incoming></bpmn:endEvent>
            <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="review"/>
            <bpmn:sequenceFlow id="Flow_2" sourceRef="review" targetRef="Event_end"/>
            """);

    /** A flow document (JSON) with the BPMN as its text. */
    static String flow(String name, String object, String trigger, String bpmn, String rest) {
        return "{\"name\": \"" + name + "\", \"object\": \"" + object + "\", \"statusField\": \"approval_status\", "
                + "\"trigger\": " + trigger + ", \"bpmn\": " + dev.trellis.core.json.Json.MAPPER.writeValueAsString(bpmn)
                + (rest.isBlank() ? "" : ", " + rest) + "}";
    }

    static final String STATUS_FIELD = """
            {"name": "approval_status", "type": "picklist", "defaultValue": "draft", "values": [{"value": "draft"},
              {"value": "in_approval"}, {"value": "approved"}, {"value": "rejected"}, {"value": "withdrawn"}]}""";

    /**
     * Publishes an app with one object (title, amount and the approval status) and a role whose holders may
     * create, read and edit its records.
     */
    static void staffApp(String app, String object, String role) {
        CoreContext.publishApp(app, CoreContext.json("""
                {"name": "%s", "fields": [{"name": "title", "type": "text"}, {"name": "amount", "type": "currency"},
                  %s]}""".formatted(object, STATUS_FIELD)));
        CoreContext.metadata().saveDraft(ADMIN, app, "permission_set", "staff", CoreContext.json("""
                {"name": "staff", "objects": {"%s": {"create": true, "read": true, "edit": true}}}""".formatted(object)),
                null);
        CoreContext.metadata().saveDraft(ADMIN, app, "role", role, CoreContext.json("{\"name\": \"" + role
                + "\", \"permissionSets\": [\"staff\"]}"), null);
    }

    static Actor user(String username, Set<String> roles, Long department) {
        UserService users = CoreContext.get().getBean(UserService.class);
        return users.findByUsername(username).map(u -> u.actor()).orElseGet(() -> users.create(ADMIN,
                new NewUser(username, "a-long-password-1", username, roles, department, null)).actor());
    }
}
