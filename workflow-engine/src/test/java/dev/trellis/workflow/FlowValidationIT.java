package dev.trellis.workflow;

import static dev.trellis.core.testing.CoreContext.json;
import static dev.trellis.workflow.Flows.bpmn;
import static dev.trellis.workflow.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.Problem;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.testing.CoreContext;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Deploy-time validation of flows: every problem with its path or BPMN element id, code refused. */
class FlowValidationIT {

    private static final String APP = "flow_validation_it";
    private static MetadataService metadata;

    @BeforeAll
    static void publish() {
        Flows.start();
        metadata = CoreContext.metadata();
        CoreContext.publishApp(APP, json("""
                {"name": "ticket", "fields": [{"name": "amount", "type": "currency"}, %s]}""".formatted(Flows.STATUS_FIELD)));
    }

    private static List<Problem> problems(String bpmn, String rest) {
        return metadata.validate(APP, "flow", "inspect", json(flow("inspect", "ticket", "{\"on\": \"submit\"}", bpmn, rest)));
    }

    private static final String START = """
            <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gate"/>
            """;

    @Test
    void juelConditionsScriptsAndJavaAreRefusedByElement() {
        List<Problem> problems = problems(bpmn(START + """
                <bpmn:exclusiveGateway id="gate" default="f3"/>
                <bpmn:sequenceFlow id="f2" sourceRef="gate" targetRef="script">
                  <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${''.getClass().forName('java.lang.Runtime')}</bpmn:conditionExpression>
                </bpmn:sequenceFlow>
                <bpmn:sequenceFlow id="f3" sourceRef="gate" targetRef="java"/>
                <bpmn:scriptTask id="script" scriptFormat="groovy"><bpmn:script>'id'.execute()</bpmn:script></bpmn:scriptTask>
                <bpmn:serviceTask id="java" xmlns:flowable="http://flowable.org/bpmn" flowable:class="java.lang.Runtime"/>
                <bpmn:sequenceFlow id="f4" sourceRef="script" targetRef="end"/>
                <bpmn:sequenceFlow id="f5" sourceRef="java" targetRef="end"/>
                <bpmn:endEvent id="end"/>
                """), "");
        assertThat(problems).extracting(Problem::code, Problem::path).contains(
                org.assertj.core.groups.Tuple.tuple("expression-juel-forbidden", "/bpmn/f2"),
                org.assertj.core.groups.Tuple.tuple("script-task-forbidden", "/bpmn/script"),
                org.assertj.core.groups.Tuple.tuple("service-implementation-forbidden", "/bpmn/java"));
        assertThat(problems.stream().filter(p -> p.path().equals("/bpmn/f2")).findFirst().orElseThrow().message())
                .contains("Trellis expression");
    }

    @Test
    void aStepWithoutApproversAnUnreachableNodeAndAGatewayWithoutDefaultAreNamed() {
        List<Problem> problems = problems(bpmn(START + """
                <bpmn:exclusiveGateway id="gate"/>
                <bpmn:sequenceFlow id="f2" sourceRef="gate" targetRef="review">
                  <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">amount &gt; 100</bpmn:conditionExpression>
                </bpmn:sequenceFlow>
                <bpmn:sequenceFlow id="f3" sourceRef="gate" targetRef="end">
                  <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">amount &lt;= 100</bpmn:conditionExpression>
                </bpmn:sequenceFlow>
                <bpmn:userTask id="review"/>
                <bpmn:sequenceFlow id="f4" sourceRef="review" targetRef="end"/>
                <bpmn:userTask id="orphan"/>
                <bpmn:sequenceFlow id="f5" sourceRef="orphan" targetRef="end"/>
                <bpmn:endEvent id="end"/>
                """), """
                "steps": {"orphan": {"approvers": {"role": "nobody"}}}""");
        assertThat(problems).extracting(Problem::code, Problem::path).contains(
                org.assertj.core.groups.Tuple.tuple("step-approvers-missing", "/bpmn/review"),
                org.assertj.core.groups.Tuple.tuple("node-unreachable", "/bpmn/orphan"),
                org.assertj.core.groups.Tuple.tuple("gateway-default-missing", "/bpmn/gate"),
                org.assertj.core.groups.Tuple.tuple("role-unknown", "/steps/orphan/approvers/role"));
    }

    @Test
    void aConditionThatDoesNotCompileIsAProblemAtItsFlow() {
        List<Problem> problems = problems(bpmn(START + """
                <bpmn:exclusiveGateway id="gate" default="f3"/>
                <bpmn:sequenceFlow id="f2" sourceRef="gate" targetRef="end">
                  <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">amount &gt;&gt; colour</bpmn:conditionExpression>
                </bpmn:sequenceFlow>
                <bpmn:sequenceFlow id="f3" sourceRef="gate" targetRef="end"/>
                <bpmn:endEvent id="end"/>
                """), "");
        assertThat(problems).extracting(Problem::path).contains("/bpmn/f2");
    }

    @Test
    void unsupportedElementsAreReportedByIdAndEntitiesAreRefused() {
        List<Problem> problems = problems(bpmn("""
                <bpmn:startEvent id="start"/>
                <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="call"/>
                <bpmn:callActivity id="call" calledElement="other"/>
                <bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="end"/>
                <bpmn:endEvent id="end"/>
                """), "");
        assertThat(problems).extracting(Problem::code, Problem::path)
                .contains(org.assertj.core.groups.Tuple.tuple("element-unsupported", "/bpmn/call"));
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p">&xxe;</process></definitions>
                """;
        assertThat(problems(xxe, "")).extracting(Problem::code).containsExactly("bpmn-doctype-forbidden");
    }
}
