package dev.trellis.workflow;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.json;
import static dev.trellis.workflow.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.Actor;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.security.DepartmentInput;
import dev.trellis.core.security.DepartmentService;
import dev.trellis.core.testing.CoreContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The channel template's two flows. Order approval, started by a trigger's start_flow through the outbox:
 * approved at once within the partner's credit limit and the standard price, finance countersign above the
 * limit, sales director or-sign for a special price. Channel issue handling, started on create: routed by type
 * to a department by a decision table, resolved there, confirmed by the reporter or reopened.
 */
class ChannelFlowsIT {

    private static final String APP = "channel_flows_it";
    private static MetadataService metadata;
    private static RecordService records;
    private static WorkflowService workflows;
    private static Actor rep;
    private static Actor financeA;
    private static Actor financeB;
    private static Actor directorA;
    private static Actor directorB;
    private static Actor qualityEngineer;
    private static Actor reporter;
    private static long partner;

    @BeforeAll
    static void publish() {
        Flows.start();
        metadata = CoreContext.metadata();
        records = CoreContext.records();
        workflows = Flows.workflows();
        DepartmentService departments = CoreContext.get().getBean(DepartmentService.class);
        long quality = departments.create(ADMIN, new DepartmentInput("CF-QUALITY", "Quality", null, null)).id();
        long salesOps = departments.create(ADMIN, new DepartmentInput("CF-SALESOPS", "Sales operations", null, null)).id();
        rep = Flows.user("cf_rep", Set.of("channel"), salesOps);
        financeA = Flows.user("cf_finance_a", Set.of("finance"), null);
        financeB = Flows.user("cf_finance_b", Set.of("finance"), null);
        directorA = Flows.user("cf_director_a", Set.of("sales_director"), null);
        directorB = Flows.user("cf_director_b", Set.of("sales_director"), null);
        qualityEngineer = Flows.user("cf_quality", Set.of("channel"), quality);
        reporter = Flows.user("cf_reporter", Set.of("channel"), null);
        CoreContext.publishApp(APP,
                json("""
                        {"name": "partner", "fields": [{"name": "name", "type": "text"},
                          {"name": "credit_limit", "type": "currency"}]}"""),
                json("""
                        {"name": "sales_order", "fields": [{"name": "partner", "type": "lookup", "target": "partner"},
                          {"name": "amount", "type": "currency"}, {"name": "unit_price", "type": "currency"},
                          {"name": "standard_price", "type": "currency"}, {"name": "approved_on", "type": "date"}, %s]}"""
                        .formatted(Flows.STATUS_FIELD)),
                json("""
                        {"name": "channel_issue", "fields": [{"name": "title", "type": "text"},
                          {"name": "type", "type": "picklist", "values": [{"value": "defect"}, {"value": "cross_region"},
                            {"value": "suggestion"}]},
                          {"name": "reporter", "type": "integer"}, {"name": "resolution", "type": "text"}, %s]}"""
                        .formatted(Flows.STATUS_FIELD)));
        metadata.saveDraft(ADMIN, APP, "permission_set", "channel_staff", json("""
                {"name": "channel_staff", "objects": {"partner": {"read": true},
                  "sales_order": {"create": true, "read": true, "edit": true},
                  "channel_issue": {"create": true, "read": true, "edit": true}}}"""), null);
        for (String role : List.of("channel", "finance", "sales_director")) {
            metadata.saveDraft(ADMIN, APP, "role", role, json("{\"name\": \"" + role
                    + "\", \"permissionSets\": [\"channel_staff\"]}"), null);
        }
        metadata.saveDraft(ADMIN, APP, "flow", "order_approval", json(flow("order_approval", "sales_order",
                "{\"on\": \"submit\"}", resource("order-approval.bpmn"), """
                "steps": {"finance_review": {"approvers": {"role": "finance"}, "mode": "countersign"},
                          "director_review": {"approvers": {"role": "sales_director"}, "mode": "or_sign"}},
                "onApproved": {"approved_on": "today()"}, "summaryFields": ["partner", "amount"]""")), null);
        metadata.saveDraft(ADMIN, APP, "trigger", "approve_new_orders", json("""
                {"name": "approve_new_orders", "object": "sales_order", "events": ["create"],
                 "actions": [{"type": "start_flow", "flow": "order_approval"}]}"""), null);
        metadata.saveDraft(ADMIN, APP, "decision_table", "issue_routing", json("""
                {"name": "issue_routing", "object": "channel_issue", "hitPolicy": "first",
                 "rows": [{"when": {"type": "defect"}, "assignee": {"department": "CF-QUALITY"}},
                          {"when": {"type": "cross_region"}, "assignee": {"department": "CF-SALESOPS"}}],
                 "default": {"assignee": {"role": "sales_director"}}}"""), null);
        metadata.saveDraft(ADMIN, APP, "flow", "issue_handling", json(flow("issue_handling", "channel_issue",
                "{\"on\": \"create\"}", resource("channel-issue.bpmn"), """
                "steps": {"handle": {"approvers": {"decisionTable": "issue_routing"}, "mode": "or_sign",
                                     "editableFields": ["resolution"]},
                          "confirm": {"approvers": {"field": "reporter"}, "mode": "or_sign"}}""")), null);
        metadata.publish(ADMIN, APP, false, "channel flows");
        partner = (Long) records.create(ADMIN, APP, "partner", json("{\"name\": \"Acme\", \"credit_limit\": 10000}"))
                .get("id");
    }

    private static String resource(String name) {
        try (InputStream in = ChannelFlowsIT.class.getResourceAsStream("ChannelFlowsIT." + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Places an order; the trigger asks for the flow, which starts when the outbox event is taken. */
    private static long order(String amount, String unitPrice) {
        long id = (Long) records.create(rep, APP, "sales_order", json("{\"partner\": " + partner + ", \"amount\": "
                + amount + ", \"unit_price\": " + unitPrice + ", \"standard_price\": 100}")).get("id");
        for (int i = 0; i < 50 && workflows.approval(ADMIN, APP, "sales_order", id).isEmpty(); i++) {
            workflows.startRequested(20);
        }
        return id;
    }

    private static Object field(String object, long id, String field) {
        return records.get(ADMIN, APP, object, id, Set.of()).get(field);
    }

    private static TaskView task(Actor actor, Inbox box, String object, long id) {
        return workflows.inbox(actor, box, 200, null).items().stream()
                .filter(t -> t.object().equals(object) && t.recordId() == id).findFirst().orElseThrow();
    }

    private static boolean hasTask(Actor actor, Inbox box, String object, long id) {
        return workflows.inbox(actor, box, 200, null).items().stream()
                .anyMatch(t -> t.object().equals(object) && t.recordId() == id);
    }

    @Test
    void anOrderWithinTheCreditLimitAtTheStandardPriceIsApprovedAtOnce() {
        long id = order("5000", "100");
        assertThat(field("sales_order", id, "approval_status")).isEqualTo("approved");
        assertThat(field("sales_order", id, "approved_on")).isNotNull();
        assertThat(workflows.timeline(ADMIN, APP, "sales_order", id)).extracting(TimelineEntry::action)
                .containsExactly("submit", "approved");
    }

    @Test
    void anOrderOverTheCreditLimitNeedsBothFinanceApprovers() {
        long id = order("25000", "100");
        assertThat(field("sales_order", id, "approval_status")).isEqualTo("in_approval");
        TaskView first = task(financeA, Inbox.OPEN, "sales_order", id);
        assertThat(first.summary()).containsEntry("partner", partner);
        assertThat(first.submitter()).isEqualTo("cf_rep");
        workflows.act(financeA, first.id(), TaskAction.of(TaskAction.Kind.APPROVE, null));
        assertThat(field("sales_order", id, "approval_status")).isEqualTo("in_approval");
        workflows.act(financeB, task(financeB, Inbox.OPEN, "sales_order", id).id(),
                TaskAction.of(TaskAction.Kind.APPROVE, null));
        assertThat(field("sales_order", id, "approval_status")).isEqualTo("approved");

        long refused = order("30000", "100");
        workflows.act(financeB, task(financeB, Inbox.OPEN, "sales_order", refused).id(),
                TaskAction.of(TaskAction.Kind.REJECT, "credit exhausted"));
        assertThat(field("sales_order", refused, "approval_status")).isEqualTo("rejected");
        assertThat(field("sales_order", refused, "approved_on")).isNull();
    }

    @Test
    void aSpecialDiscountGoesToTheSalesDirectorsWhereTheFirstToActDecides() {
        long id = order("2000", "80");
        TaskView pooled = task(directorB, Inbox.GROUP, "sales_order", id);
        assertThat(pooled.candidate()).isEqualTo("role:sales_director");
        assertThat(hasTask(financeA, Inbox.OPEN, "sales_order", id)).isFalse();
        workflows.act(directorB, pooled.id(), TaskAction.of(TaskAction.Kind.APPROVE, "strategic account"));
        assertThat(field("sales_order", id, "approval_status")).isEqualTo("approved");
        assertThat(hasTask(directorA, Inbox.GROUP, "sales_order", id)).isFalse();

        long both = order("50000", "90"); // over the limit and discounted: finance, then the director
        workflows.act(financeA, task(financeA, Inbox.OPEN, "sales_order", both).id(), TaskAction.of(TaskAction.Kind.APPROVE, null));
        workflows.act(financeB, task(financeB, Inbox.OPEN, "sales_order", both).id(), TaskAction.of(TaskAction.Kind.APPROVE, null));
        assertThat(field("sales_order", both, "approval_status")).isEqualTo("in_approval");
        workflows.act(directorA, task(directorA, Inbox.GROUP, "sales_order", both).id(),
                TaskAction.of(TaskAction.Kind.REJECT, "too deep"));
        assertThat(field("sales_order", both, "approval_status")).isEqualTo("rejected");
    }

    @Test
    void anIssueIsRoutedByTypeResolvedReopenedByItsReporterAndFinallyConfirmed() {
        long id = (Long) records.create(reporter, APP, "channel_issue", json("{\"title\": \"Broken hinge\", "
                + "\"type\": \"defect\", \"reporter\": " + reporter.userId() + "}")).get("id");
        assertThat(field("channel_issue", id, "approval_status")).isEqualTo("in_approval");
        assertThat(hasTask(rep, Inbox.GROUP, "channel_issue", id)).isFalse(); // sales ops is not quality
        TaskView handle = task(qualityEngineer, Inbox.GROUP, "channel_issue", id);
        assertThat(handle.candidate()).startsWith("department:");
        workflows.claim(qualityEngineer, handle.id());
        int version = (Integer) field("channel_issue", id, "version");
        records.update(qualityEngineer, APP, "channel_issue", id, version, json("{\"resolution\": \"new hinge sent\"}"));
        workflows.act(qualityEngineer, handle.id(), TaskAction.of(TaskAction.Kind.APPROVE, "resolved"));

        TaskView confirm = task(reporter, Inbox.OPEN, "channel_issue", id);
        workflows.act(reporter, confirm.id(), new TaskAction(TaskAction.Kind.REJECT_BACK, "still broken", null, "handle"));
        assertThat(field("channel_issue", id, "approval_status")).isEqualTo("in_approval");
        TaskView again = task(qualityEngineer, Inbox.GROUP, "channel_issue", id);
        workflows.act(qualityEngineer, again.id(), TaskAction.of(TaskAction.Kind.APPROVE, "replaced the unit"));
        workflows.act(reporter, task(reporter, Inbox.OPEN, "channel_issue", id).id(),
                TaskAction.of(TaskAction.Kind.APPROVE, "works now"));
        assertThat(field("channel_issue", id, "approval_status")).isEqualTo("approved");
        assertThat(workflows.timeline(reporter, APP, "channel_issue", id)).extracting(TimelineEntry::action)
                .containsExactly("submit", "claim", "approve", "reject_back", "claim", "approve", "approve", "approved");
    }
}
