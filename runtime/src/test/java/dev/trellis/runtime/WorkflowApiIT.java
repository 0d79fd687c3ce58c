package dev.trellis.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.json.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Approval over HTTP: a flow published as metadata, submit, the approver's inbox, approve, the timeline. */
class WorkflowApiIT extends ApiTest {

    private static final String APP = "/api/v1/apps/flow_api";

    private static final String BPMN = """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
              <bpmn:process id="p" isExecutable="true">
                <bpmn:startEvent id="start"/>
                <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
                <bpmn:userTask id="review" name="Review"/>
                <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end"/>
                <bpmn:endEvent id="end"/>
              </bpmn:process>
            </bpmn:definitions>
            """;

    @Test
    void aRecordIsSubmittedApprovedFromTheInboxAndItsTimelineTold() {
        JsonNode approver = call("POST", "/api/v1/users", """
                {"username": "api_approver", "password": "approver-password-1", "roles": ["admin"]}""").json();
        long approverId = approver.get("id").longValue();
        call("PUT", APP + "/metadata/app/flow_api", "{\"name\": \"flow_api\"}");
        call("PUT", APP + "/metadata/object/purchase", """
                {"name": "purchase", "fields": [{"name": "item", "type": "text"}, {"name": "approval_status",
                  "type": "picklist", "defaultValue": "draft", "values": [{"value": "draft"}, {"value": "in_approval"},
                  {"value": "approved"}, {"value": "rejected"}, {"value": "withdrawn"}]}]}""");
        Response juel = call("POST", APP + "/metadata/flow/bad/validate", "{\"name\": \"bad\", \"object\": \"purchase\", "
                + "\"statusField\": \"approval_status\", \"trigger\": {\"on\": \"submit\"}, \"bpmn\": "
                + Json.MAPPER.writeValueAsString(BPMN.replace("<bpmn:sequenceFlow id=\"f2\" sourceRef=\"review\" targetRef=\"end\"/>",
                        "<bpmn:sequenceFlow id=\"f2\" sourceRef=\"review\" targetRef=\"end\"><bpmn:conditionExpression>"
                                + "${''.getClass()}</bpmn:conditionExpression></bpmn:sequenceFlow>")) + "}");
        assertThat(juel.json().get("valid").booleanValue()).isFalse();
        assertThat(juel.json().get("problems").toString()).contains("expression-juel-forbidden", "/bpmn/f2");
        Response saved = call("PUT", APP + "/metadata/flow/purchase_approval", "{\"name\": \"purchase_approval\", "
                + "\"object\": \"purchase\", \"statusField\": \"approval_status\", \"trigger\": {\"on\": \"submit\"}, "
                + "\"bpmn\": " + Json.MAPPER.writeValueAsString(BPMN) + ", \"steps\": {\"review\": {\"approvers\": "
                + "{\"users\": [" + approverId + "]}}}, \"summaryFields\": [\"item\"]}");
        assertThat(saved.status()).isEqualTo(201);
        assertThat(call("POST", APP + "/publish", "{}").status()).isEqualTo(200);
        long id = call("POST", APP + "/records/purchase", "{\"item\": \"laptop\"}").json().get("id").longValue();

        Response submitted = call("POST", APP + "/records/purchase/" + id + "/submit", "{\"comment\": \"need it\"}");
        assertThat(submitted.status()).isEqualTo(201);
        assertThat(submitted.json().get("status").stringValue()).isEqualTo("in_approval");
        Response locked = call("PATCH", APP + "/records/purchase/" + id, "{\"version\": 2, \"item\": \"tablet\"}");
        assertThat(locked.status()).isEqualTo(400);
        assertThat(locked.json().get("problems").get(0).get("code").stringValue()).isEqualTo("record-in-approval");

        Response inbox = call("api_approver", "approver-password-1", "GET", "/api/v1/tasks?box=open", null);
        assertThat(inbox.status()).isEqualTo(200);
        JsonNode task = inbox.json().get("items").get(0);
        assertThat(task.get("summary").get("item").stringValue()).isEqualTo("laptop");
        Response approved = call("api_approver", "approver-password-1", "POST",
                "/api/v1/tasks/" + task.get("id").longValue() + "/actions", "{\"action\": \"approve\", \"comment\": \"ok\"}");
        assertThat(approved.status()).isEqualTo(200);
        assertThat(approved.json().get("status").stringValue()).isEqualTo("done");
        Response bad = call("api_approver", "approver-password-1", "POST",
                "/api/v1/tasks/" + task.get("id").longValue() + "/actions", "{\"action\": \"shrug\"}");
        assertThat(bad.status()).isEqualTo(400);

        JsonNode approval = call("GET", APP + "/records/purchase/" + id + "/approval", null).json();
        assertThat(approval.get("approval").get("status").stringValue()).isEqualTo("approved");
        assertThat(approval.get("timeline").toString()).contains("\"submit\"", "\"approve\"", "need it", "ok");
        assertThat(call("GET", APP + "/records/purchase/" + id, null).json().get("approval_status").stringValue())
                .isEqualTo("approved");
    }
}
