package dev.trellis.workflow;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.json;
import static dev.trellis.workflow.Flows.ONE_STEP;
import static dev.trellis.workflow.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.Actor;
import dev.trellis.core.ConflictException;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.testing.CoreContext;
import dev.trellis.rule.trigger.NotificationService;
import dev.trellis.workflow.TaskAction.Kind;
import dev.trellis.workflow.internal.WorkflowEngine;
import java.util.List;
import java.util.Set;
import org.flowable.engine.ManagementService;
import org.flowable.job.api.Job;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The actions beyond approve and reject: return to the submitter, delegate and resolve, transfer, add a signer;
 * step timeouts (reminder, automatic approval); a flow that starts when a condition becomes true; and a new
 * flow version published while an approval of the old one runs.
 */
class ApprovalActionsIT {

    private static final String APP = "approval_actions_it";
    private static MetadataService metadata;
    private static RecordService records;
    private static WorkflowService workflows;
    private static Actor owner;
    private static Actor first;
    private static Actor second;
    private static Actor third;

    @BeforeAll
    static void publish() {
        Flows.start();
        metadata = CoreContext.metadata();
        records = CoreContext.records();
        workflows = Flows.workflows();
        owner = Flows.user("aa_owner", Set.of("aa_staff"), null);
        first = Flows.user("aa_first", Set.of("aa_staff"), null);
        second = Flows.user("aa_second", Set.of("aa_staff"), null);
        third = Flows.user("aa_third", Set.of("aa_staff"), null);
        Flows.staffApp(APP, "request", "aa_staff");
        saveFlow("single", "{\"on\": \"submit\"}", "\"approvers\": {\"users\": [" + first.userId() + "]}");
        saveFlow("pair", "{\"on\": \"submit\"}", "\"approvers\": {\"users\": [" + first.userId() + ", " + second.userId()
                + "]}, \"mode\": \"countersign\"");
        saveFlow("solo_countersign", "{\"on\": \"submit\"}", "\"approvers\": {\"users\": [" + first.userId()
                + "]}, \"mode\": \"countersign\"");
        saveFlow("solo_sequence", "{\"on\": \"submit\"}", "\"approvers\": {\"users\": [" + first.userId()
                + "]}, \"mode\": \"sequential\"");
        saveFlow("reminded", "{\"on\": \"submit\"}", "\"approvers\": {\"users\": [" + first.userId() + "]}, "
                + "\"timeout\": {\"after\": \"P1D\", \"action\": \"remind\"}");
        saveFlow("lapsing", "{\"on\": \"submit\"}", "\"approvers\": {\"users\": [" + first.userId() + "]}, "
                + "\"timeout\": {\"after\": \"PT4H\", \"action\": \"approve\"}");
        saveFlow("large", "{\"on\": \"condition\", \"condition\": \"amount > 1000\"}",
                "\"approvers\": {\"users\": [" + second.userId() + "]}");
        saveFlow("escalating", "{\"on\": \"submit\"}", "\"approvers\": {\"users\": [" + first.userId() + "]}, "
                + "\"timeout\": {\"after\": \"P2D\", \"action\": \"escalate\", \"escalateTo\": {\"users\": ["
                + third.userId() + "]}}");
        metadata.saveDraft(ADMIN, APP, "flow", "stamped", json(flow("stamped", "request", "{\"on\": \"submit\"}",
                Flows.bpmn("""
                        <bpmn:startEvent id="start"/>
                        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
                        <bpmn:userTask id="review"/>
                        <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="stamp"/>
                        <bpmn:serviceTask id="stamp" name="Stamp the title"/>
                        <bpmn:sequenceFlow id="f3" sourceRef="stamp" targetRef="end"/>
                        <bpmn:endEvent id="end"/>
                        """), "\"steps\": {\"review\": {\"approvers\": {\"users\": [" + first.userId() + "]}}}, "
                + "\"services\": {\"stamp\": {\"action\": \"set_fields\", \"values\": {\"title\": \"title + ' (checked)'\"}}}")),
                null);
        saveFlow("nobody", "{\"on\": \"submit\"}", "\"approvers\": {\"users\": [987654]}");
        metadata.publish(ADMIN, APP, false, "flows");
    }

    private static void saveFlow(String name, String trigger, String step) {
        metadata.saveDraft(ADMIN, APP, "flow", name, json(flow(name, "request", trigger, ONE_STEP,
                "\"steps\": {\"review\": {" + step + "}}")), null);
    }

    private static long request(String amount) {
        return (Long) records.create(owner, APP, "request", json("{\"title\": \"r\", \"amount\": " + amount + "}"))
                .get("id");
    }

    private static Object status(long id) {
        return records.get(ADMIN, APP, "request", id, Set.of()).get("approval_status");
    }

    private static TaskView open(Actor actor, long id) {
        return workflows.inbox(actor, Inbox.OPEN, 200, null).items().stream().filter(t -> t.recordId() == id)
                .findFirst().orElseThrow();
    }

    private static ManagementService management() {
        return CoreContext.get().getBean(WorkflowEngine.class).processEngine().getManagementService();
    }

    private static org.flowable.engine.RuntimeService runtime() {
        return CoreContext.get().getBean(WorkflowEngine.class).processEngine().getRuntimeService();
    }

    private static String processOf(long id) {
        return CoreContext.dsl().fetchValue("select process_instance_id from trellis_sys.flow_instance "
                + "where app = ? and record_id = ? and status = 'in_approval'", APP, id).toString();
    }

    /** Fires the timers of the approval now, as the async executor would when they fall due. */
    private static void fireTimers(long id) {
        String process = processOf(id);
        for (Job timer : management().createTimerJobQuery().processInstanceId(process).list()) {
            Job job = management().moveTimerToExecutableJob(timer.getId());
            management().executeJob(job.getId());
        }
    }

    @Test
    void returnedToTheSubmitterTheRecordIsADraftAgainAndCanBeResubmitted() {
        long id = request("10");
        workflows.submit(owner, APP, "request", id, "single", null);
        workflows.act(first, open(first, id).id(), TaskAction.of(Kind.RETURN, "add the receipt"));
        assertThat(status(id)).isEqualTo("draft");
        assertThat(workflows.approval(owner, APP, "request", id).orElseThrow().status()).isEqualTo("returned");
        int version = (Integer) records.get(ADMIN, APP, "request", id, Set.of()).get("version");
        records.update(owner, APP, "request", id, version, json("{\"title\": \"with receipt\"}"));
        workflows.submit(owner, APP, "request", id, "single", null);
        workflows.act(first, open(first, id).id(), TaskAction.of(Kind.APPROVE, null));
        assertThat(status(id)).isEqualTo("approved");
    }

    @Test
    void aDelegateWorksOnTheTaskAndResolvesItBackToTheApproverWhoDecides() {
        long id = request("10");
        workflows.submit(owner, APP, "request", id, "single", null);
        TaskView task = open(first, id);
        workflows.act(first, task.id(), new TaskAction(Kind.DELEGATE, "check the figures", third.userId(), null));
        assertThat(open(third, id).id()).isEqualTo(task.id());
        assertThatThrownBy(() -> workflows.act(third, task.id(), TaskAction.of(Kind.APPROVE, null)))
                .isInstanceOf(ConflictException.class);
        workflows.act(third, task.id(), TaskAction.of(Kind.RESOLVE, "figures fine"));
        workflows.act(first, task.id(), TaskAction.of(Kind.APPROVE, null));
        assertThat(status(id)).isEqualTo("approved");
        assertThat(workflows.timeline(owner, APP, "request", id)).extracting(TimelineEntry::action)
                .containsExactly("submit", "delegate", "resolve", "approve", "approved");
    }

    @Test
    void aTransferredTaskIsDecidedByItsNewHolder() {
        long id = request("10");
        workflows.submit(owner, APP, "request", id, "single", null);
        TaskView task = open(first, id);
        workflows.act(first, task.id(), new TaskAction(Kind.TRANSFER, "on leave", second.userId(), null));
        assertThat(workflows.inbox(first, Inbox.OPEN, 200, null).items()).noneMatch(t -> t.recordId() == id);
        workflows.act(second, open(second, id).id(), TaskAction.of(Kind.REJECT, "no"));
        assertThat(status(id)).isEqualTo("rejected");
    }

    @Test
    void anAddedSignerMustApproveTooInACountersign() {
        long id = request("10");
        workflows.submit(owner, APP, "request", id, "pair", null);
        workflows.act(first, open(first, id).id(), new TaskAction(Kind.ADD_SIGNER, "legal should see it",
                third.userId(), null));
        workflows.act(first, open(first, id).id(), TaskAction.of(Kind.APPROVE, null));
        workflows.act(second, open(second, id).id(), TaskAction.of(Kind.APPROVE, null));
        assertThat(status(id)).isEqualTo("in_approval");
        workflows.act(third, open(third, id).id(), TaskAction.of(Kind.APPROVE, null));
        assertThat(status(id)).isEqualTo("approved");
    }

    @Test
    void aSignerAddedToASoleApproverStepSharesTheStepByItsMode() {
        long id = request("10");
        workflows.submit(owner, APP, "request", id, "single", null);
        String process = processOf(id);
        // one approver: a plain user task, no multi-instance execution of its own
        assertThat(runtime().createExecutionQuery().processInstanceId(process).count()).isEqualTo(2);
        TaskView before = open(first, id);
        TaskView after = workflows.act(first, before.id(), new TaskAction(Kind.ADD_SIGNER, "legal should see it",
                third.userId(), null));
        assertThat(after.id()).isNotEqualTo(before.id());
        assertThat(after.status()).isEqualTo("open");
        assertThat(open(first, id).id()).isEqualTo(after.id());
        assertThat(workflows.task(first, before.id()).status()).isEqualTo("cancelled");
        // or-sign, the step's mode: the first of the two to act decides
        workflows.act(third, open(third, id).id(), TaskAction.of(Kind.APPROVE, "fine by legal"));
        assertThat(status(id)).isEqualTo("approved");
        assertThat(workflows.task(first, after.id()).status()).isEqualTo("cancelled");
        assertThat(workflows.timeline(owner, APP, "request", id)).extracting(TimelineEntry::action)
                .containsExactly("submit", "add_signer", "approve", "approved");

        long both = request("10");
        workflows.submit(owner, APP, "request", both, "solo_countersign", null);
        workflows.act(first, open(first, both).id(), new TaskAction(Kind.ADD_SIGNER, null, third.userId(), null));
        workflows.act(first, open(first, both).id(), TaskAction.of(Kind.APPROVE, null));
        assertThat(status(both)).isEqualTo("in_approval");
        workflows.act(third, open(third, both).id(), TaskAction.of(Kind.REJECT, "not without the contract"));
        assertThat(status(both)).isEqualTo("rejected");

        long sequence = request("10");
        workflows.submit(owner, APP, "request", sequence, "solo_sequence", null);
        assertThatThrownBy(() -> workflows.act(first, open(first, sequence).id(), new TaskAction(Kind.ADD_SIGNER,
                null, third.userId(), null))).isInstanceOf(ConflictException.class).hasMessageContaining("sequential");
        assertThat(open(first, sequence).status()).isEqualTo("open");
    }

    @Test
    void aTimeoutRemindsTheApproverOrDecidesForThem() {
        long reminded = request("10");
        workflows.submit(owner, APP, "request", reminded, "reminded", null);
        fireTimers(reminded);
        assertThat(CoreContext.get().getBean(NotificationService.class).list(first, true, 50, null))
                .anyMatch(n -> n.recordId() != null && n.recordId() == reminded && n.title().startsWith("Reminder"));
        assertThat(status(reminded)).isEqualTo("in_approval");

        long lapsing = request("10");
        workflows.submit(owner, APP, "request", lapsing, "lapsing", null);
        TaskView task = open(first, lapsing);
        fireTimers(lapsing);
        assertThat(status(lapsing)).isEqualTo("approved");
        assertThat(workflows.task(first, task.id()).status()).isEqualTo("cancelled");
        assertThat(workflows.timeline(owner, APP, "request", lapsing)).extracting(TimelineEntry::action)
                .containsExactly("submit", "timeout_approve", "approved");
    }

    @Test
    void anEscalationHandsTheOpenTaskToTheEscalationApprover() {
        long id = request("10");
        workflows.submit(owner, APP, "request", id, "escalating", null);
        TaskView task = open(first, id);
        fireTimers(id);
        assertThat(open(third, id).id()).isEqualTo(task.id());
        assertThat(workflows.inbox(first, Inbox.OPEN, 200, null).items()).noneMatch(t -> t.recordId() == id);
        workflows.act(third, task.id(), TaskAction.of(Kind.APPROVE, null));
        assertThat(status(id)).isEqualTo("approved");
    }

    @Test
    void aServiceStepSetsFieldsThroughTheRecordService() {
        long id = request("10");
        workflows.submit(owner, APP, "request", id, "stamped", null);
        workflows.act(first, open(first, id).id(), TaskAction.of(Kind.APPROVE, null));
        assertThat(records.get(ADMIN, APP, "request", id, Set.of()).get("title")).isEqualTo("r (checked)");
        assertThat(status(id)).isEqualTo("approved");
        assertThat(records.history(ADMIN, APP, "request", id, "title", 10, null).entries().getFirst().actor())
                .startsWith("system (flow stamped");
    }

    @Test
    void aStepThatFindsNoApproverRefusesTheSubmitAndChangesNothing() {
        long id = request("10");
        assertThatThrownBy(() -> workflows.submit(owner, APP, "request", id, "nobody", null))
                .isInstanceOf(ConflictException.class).hasMessageContaining("found no approver");
        assertThat(status(id)).isEqualTo("draft");
        assertThat(workflows.approval(owner, APP, "request", id)).isEmpty();
    }

    @Test
    void aFlowStartsWhenItsConditionBecomesTrue() {
        long id = request("10");
        assertThat(workflows.approval(owner, APP, "request", id)).isEmpty();
        records.update(owner, APP, "request", id, 1, json("{\"amount\": 5000}"));
        assertThat(status(id)).isEqualTo("in_approval");
        assertThat(open(second, id).flow()).isEqualTo("large");
    }

    @Test
    void aRunningApprovalFinishesOnTheVersionItStartedWith() {
        long id = request("10");
        workflows.submit(owner, APP, "request", id, "single", null);
        saveFlow("single", "{\"on\": \"submit\"}", "\"approvers\": {\"users\": [" + second.userId() + "]}");
        metadata.publish(ADMIN, APP, false, "single goes to the second approver");
        long later = request("10");
        workflows.submit(owner, APP, "request", later, "single", null);
        assertThat(open(second, later).flow()).isEqualTo("single");
        assertThat(workflows.inbox(first, Inbox.OPEN, 200, null).items()).noneMatch(t -> t.recordId() == later);
        workflows.act(first, open(first, id).id(), TaskAction.of(Kind.APPROVE, null));
        assertThat(status(id)).isEqualTo("approved");
        assertThat(workflows.approval(owner, APP, "request", later).orElseThrow().flowVersion())
                .isGreaterThan(workflows.approval(owner, APP, "request", id).orElseThrow().flowVersion());
        saveFlow("single", "{\"on\": \"submit\"}", "\"approvers\": {\"users\": [" + first.userId() + "]}");
        metadata.publish(ADMIN, APP, false, "back to the first approver");
        List.of(later).forEach(r -> workflows.act(second, open(second, r).id(), TaskAction.of(Kind.APPROVE, null)));
    }
}
