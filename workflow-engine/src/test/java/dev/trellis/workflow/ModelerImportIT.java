package dev.trellis.workflow;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.json;
import static dev.trellis.workflow.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.trellis.core.Actor;
import dev.trellis.core.Problem;
import dev.trellis.core.testing.CoreContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exports of bpmn.io, Camunda Modeler and Flowable Modeler (each with its diagram, documentation and the vendor
 * metadata its modeler writes: form keys, candidate groups, async flags, properties) import and run as they
 * are; what would run inside the engine (listeners, classes, expressions, connectors, input/output mappings,
 * external tasks, field injection) is refused by element id.
 */
class ModelerImportIT {

    private static final String APP = "modeler_it";
    private static Actor submitter;
    private static Actor manager;
    private static Actor finance;
    private static List<String> deployedAtPublish;

    /** A modeler's export and the ids it gave the two steps. */
    private record Export(String name, String resource, String managerStep, String financeStep) {

        String xml() {
            try (InputStream in = ModelerImportIT.class.getResourceAsStream("/bpmn/" + resource)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final Export BPMN_IO = new Export("bpmn_io", "bpmn-io.bpmn", "Activity_1k8s0ta", "Activity_0f4rnm1");
    private static final Export CAMUNDA = new Export("camunda", "camunda-modeler.bpmn", "Activity_manager",
            "Activity_finance");
    private static final Export FLOWABLE = new Export("flowable", "flowable-modeler.bpmn20.xml",
            "sid-3F6A1C2E-7B1D-4C5A-9E8F-1A2B3C4D5E6F", "sid-9B8A7C6D-5E4F-4A3B-2C1D-0E9F8A7B6C5D");

    @BeforeAll
    static void publish() {
        Flows.start();
        submitter = Flows.user("mi_submitter", Set.of("mi_staff"), null);
        manager = Flows.user("mi_manager", Set.of("mi_staff"), null);
        finance = Flows.user("mi_finance", Set.of("mi_staff"), null);
        Flows.staffApp(APP, "claim", "mi_staff");
        for (Export export : List.of(BPMN_IO, CAMUNDA, FLOWABLE)) {
            CoreContext.metadata().saveDraft(ADMIN, APP, "flow", export.name(), json(document(export, export.xml())),
                    null);
        }
        CoreContext.metadata().publish(ADMIN, APP, false, "flows drawn in three modelers");
        deployedAtPublish = CoreContext.dsl().fetch("select flow from trellis_sys.flow_deployment where app = ? "
                + "order by flow", APP).getValues(0, String.class);
    }

    private static String document(Export export, String xml) {
        return flow(export.name(), "claim", "{\"on\": \"submit\"}", xml, """
                "steps": {"%s": {"approvers": {"users": [%d]}}, "%s": {"approvers": {"users": [%d]}}}"""
                .formatted(export.managerStep(), manager.userId(), export.financeStep(), finance.userId()));
    }

    private static List<Problem> problems(Export export, String xml) {
        return CoreContext.metadata().validate(APP, "flow", export.name(), json(document(export, xml)));
    }

    @Test
    void exportsOfTheThreeModelersImportAndRunWithTheirConditions() {
        for (Export export : List.of(BPMN_IO, CAMUNDA, FLOWABLE)) {
            assertThat(problems(export, export.xml())).as(export.name()).isEmpty();

            long large = claim(export.name() + " hotel", 2500);
            Flows.workflows().submit(submitter, APP, "claim", large, export.name(), null);
            approve(manager, large);
            assertThat(status(large)).as(export.name()).isEqualTo("in_approval");
            TaskView financeTask = task(finance, large);
            assertThat(financeTask.stepName()).isEqualTo("Finance review");
            approve(finance, large);
            assertThat(status(large)).as(export.name()).isEqualTo("approved");

            long small = claim(export.name() + " taxi", 40);
            Flows.workflows().submit(submitter, APP, "claim", small, export.name(), null);
            approve(manager, small);
            assertThat(status(small)).as(export.name()).isEqualTo("approved");
        }
    }

    @Test
    void publishingDeploysEachFlowBeforeItsFirstStart() {
        assertThat(deployedAtPublish).containsExactly("bpmn_io", "camunda", "flowable");
    }

    @Test
    void camundaListenersClassesConnectorsMappingsAndExternalTasksAreRefusedByElement() {
        String xml = CAMUNDA.xml();
        assertThat(problems(CAMUNDA, xml.replace("<camunda:failedJobRetryTimeCycle>",
                "<camunda:executionListener class=\"com.acme.Audit\" event=\"start\" /><camunda:failedJobRetryTimeCycle>")))
                .extracting(Problem::code, Problem::path).contains(tuple("listener-forbidden", "/bpmn/Activity_finance"));
        assertThat(problems(CAMUNDA, xml.replace("<camunda:formData>", """
                <camunda:inputOutput><camunda:inputParameter name="limit">5000</camunda:inputParameter></camunda:inputOutput>
                <camunda:formData>""")))
                .extracting(Problem::code, Problem::path).contains(tuple("extension-forbidden", "/bpmn/Activity_manager"));
        assertThat(problems(CAMUNDA, xml.replace("camunda:jobPriority=\"10\"", "camunda:jobPriority=\"10\" "
                + "camunda:candidateGroups=\"${execution.getVariable('x')}\"")))
                .extracting(Problem::code, Problem::path)
                .contains(tuple("expression-juel-forbidden", "/bpmn/Activity_finance"));
        String service = """
                <bpmn:sequenceFlow id="Flow_small" sourceRef="Gateway_large" targetRef="Event_approved" />
                <bpmn:serviceTask id="Activity_class" camunda:class="com.acme.Payout" camunda:resultVariable="paid" />
                <bpmn:serviceTask id="Activity_external" camunda:type="external" camunda:topic="payout" />
                <bpmn:serviceTask id="Activity_connector"><bpmn:extensionElements><camunda:connector>
                  <camunda:connectorId>http-connector</camunda:connectorId></camunda:connector></bpmn:extensionElements>
                </bpmn:serviceTask>""";
        assertThat(problems(CAMUNDA, xml.replace(
                "<bpmn:sequenceFlow id=\"Flow_small\" sourceRef=\"Gateway_large\" targetRef=\"Event_approved\" />", service)))
                .extracting(Problem::code, Problem::path).contains(
                        tuple("service-implementation-forbidden", "/bpmn/Activity_class"),
                        tuple("service-implementation-forbidden", "/bpmn/Activity_external"),
                        tuple("extension-forbidden", "/bpmn/Activity_connector"));
    }

    @Test
    void flowableListenersExpressionsAndHttpTasksAreRefusedByElement() {
        String xml = FLOWABLE.xml();
        String review = FLOWABLE.managerStep();
        assertThat(problems(FLOWABLE, xml.replace("<flowable:formProperty", "<flowable:taskListener event=\"create\" "
                + "class=\"com.acme.Notify\"></flowable:taskListener><flowable:formProperty")))
                .extracting(Problem::code, Problem::path).contains(tuple("listener-forbidden", "/bpmn/" + review));
        assertThat(problems(FLOWABLE, xml.replace("flowable:assignee=\"$INITIATOR\"",
                "flowable:assignee=\"#{''.getClass().forName('java.lang.Runtime')}\"")))
                .extracting(Problem::code, Problem::path)
                .contains(tuple("expression-juel-forbidden", "/bpmn/" + FLOWABLE.financeStep()));
        String services = """
                <serviceTask id="sid-http" flowable:type="http"><extensionElements><flowable:field name="requestUrl">
                  <flowable:string><![CDATA[https://example.com/pay]]></flowable:string></flowable:field></extensionElements>
                </serviceTask>
                <serviceTask id="sid-expression" flowable:expression="payments" flowable:resultVariableName="paid"></serviceTask>
                <endEvent id="sid-1C2D3E4F""";
        assertThat(problems(FLOWABLE, xml.replace("<endEvent id=\"sid-1C2D3E4F", services)))
                .extracting(Problem::code, Problem::path).contains(
                        tuple("service-implementation-forbidden", "/bpmn/sid-http"),
                        tuple("service-implementation-forbidden", "/bpmn/sid-expression"));
    }

    @Test
    void unknownVendorExtensionsAreNamedNotDropped() {
        List<Problem> problems = problems(BPMN_IO, BPMN_IO.xml().replace("<bpmn:userTask id=\"Activity_0f4rnm1\" "
                + "name=\"Finance review\">", "<bpmn:userTask id=\"Activity_0f4rnm1\" name=\"Finance review\" "
                + "xmlns:acme=\"https://acme.example/bpmn\" acme:escalateTo=\"boss\">"));
        assertThat(problems).extracting(Problem::code, Problem::path)
                .containsExactly(tuple("extension-unsupported", "/bpmn/Activity_0f4rnm1"));
        assertThat(problems.getFirst().message()).contains("acme:escalateTo");
    }

    private static long claim(String title, int amount) {
        return (Long) CoreContext.records().create(submitter, APP, "claim", json("{\"title\": \"" + title + "\", \"amount\": " + amount
                + "}")).get("id");
    }

    private static Object status(long id) {
        return CoreContext.records().get(ADMIN, APP, "claim", id, Set.of()).get("approval_status");
    }

    private static TaskView task(Actor actor, long record) {
        return Flows.workflows().inbox(actor, Inbox.OPEN, 200, null).items().stream().filter(t -> t.recordId() == record)
                .findFirst().orElseThrow();
    }

    private static void approve(Actor actor, long record) {
        Flows.workflows().act(actor, task(actor, record).id(), TaskAction.of(TaskAction.Kind.APPROVE, null));
    }
}
