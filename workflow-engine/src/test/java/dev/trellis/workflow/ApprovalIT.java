package dev.trellis.workflow;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.json;
import static dev.trellis.workflow.Flows.ONE_STEP;
import static dev.trellis.workflow.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.Actor;
import dev.trellis.core.ConflictException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.testing.CoreContext;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Approval end to end on the embedded PostgreSQL: submit, the record's status and lock, the inbox, approve and
 * reject in each mode, group tasks claimed, withdraw, the timeline, and a new flow version beside a running one.
 */
class ApprovalIT {

    private static final String APP = "approval_it";
    private static MetadataService metadata;
    private static RecordService records;
    private static WorkflowService workflows;
    private static Actor alice;
    private static Actor bob;
    private static Actor carol;
    private static Actor dave;

    @BeforeAll
    static void publish() {
        Flows.start();
        metadata = CoreContext.metadata();
        records = CoreContext.records();
        workflows = Flows.workflows();
        alice = Flows.user("ap_alice", Set.of("sales"), null);
        bob = Flows.user("ap_bob", Set.of("expense_finance"), null);
        carol = Flows.user("ap_carol", Set.of("expense_finance"), null);
        dave = Flows.user("ap_dave", Set.of("director"), null);
        CoreContext.publishApp(APP, json("""
                {"name": "expense", "fields": [{"name": "title", "type": "text"}, {"name": "amount", "type": "currency"},
                  {"name": "note", "type": "text"}, {"name": "approved_by_flow", "type": "boolean"},
                  %s]}""".formatted(Flows.STATUS_FIELD)));
        metadata.saveDraft(ADMIN, APP, "permission_set", "staff", json("""
                {"name": "staff", "objects": {"expense": {"create": true, "read": true, "edit": true}}}"""), null);
        for (String role : List.of("sales", "expense_finance", "director")) {
            metadata.saveDraft(ADMIN, APP, "role", role, json("{\"name\": \"" + role + "\", \"permissionSets\": [\"staff\"]}"),
                    null);
        }
        metadata.saveDraft(ADMIN, APP, "flow", "single", json(flow("single", "expense", "{\"on\": \"submit\"}", ONE_STEP, """
                "steps": {"review": {"approvers": {"users": [%d]}, "mode": "or_sign", "editableFields": ["note"]}},
                "onApproved": {"approved_by_flow": "true"}, "summaryFields": ["title", "amount"]""".formatted(bob.userId()))),
                null);
        metadata.saveDraft(ADMIN, APP, "flow", "countersign", json(flow("countersign", "expense", "{\"on\": \"submit\"}",
                ONE_STEP, """
                "steps": {"review": {"approvers": {"role": "expense_finance"}, "mode": "countersign"}}""")), null);
        metadata.saveDraft(ADMIN, APP, "flow", "finance_pool", json(flow("finance_pool", "expense", "{\"on\": \"submit\"}", ONE_STEP, """
                "steps": {"review": {"approvers": {"role": "expense_finance"}, "mode": "or_sign"}}""")), null);
        metadata.saveDraft(ADMIN, APP, "flow", "chain", json(flow("chain", "expense", "{\"on\": \"submit\"}", ONE_STEP, """
                "steps": {"review": {"approvers": {"users": [%d, %d]}, "mode": "sequential"}}"""
                .formatted(carol.userId(), dave.userId()))), null);
        metadata.saveDraft(ADMIN, APP, "flow", "majority", json(flow("majority", "expense", "{\"on\": \"submit\"}",
                ONE_STEP, """
                "steps": {"review": {"approvers": {"users": [%d, %d, %d]}, "mode": "percentage", "percentage": 60}}"""
                .formatted(bob.userId(), carol.userId(), dave.userId()))), null);
        metadata.publish(ADMIN, APP, false, "flows");
    }

    private static long expense(String title) {
        return (Long) records.create(alice, APP, "expense", json("{\"title\": \"" + title + "\", \"amount\": 120}"))
                .get("id");
    }

    private static Object status(long id) {
        return records.get(ADMIN, APP, "expense", id, Set.of()).get("approval_status");
    }

    private static TaskView onlyTask(Actor actor, long record) {
        return workflows.inbox(actor, Inbox.OPEN, 200, null).items().stream().filter(t -> t.recordId() == record)
                .findFirst().orElseThrow();
    }

    @Test
    void submitLocksTheRecordAndApprovalSetsTheStatusAndTheCompletionFields() {
        long id = expense("taxi");
        ApprovalView approval = workflows.submit(alice, APP, "expense", id, "single", "please");
        assertThat(approval.status()).isEqualTo("in_approval");
        assertThat(status(id)).isEqualTo("in_approval");
        int version = (Integer) records.get(ADMIN, APP, "expense", id, Set.of()).get("version");
        // locked: the submitter cannot change it, nor set the status by hand
        assertThatThrownBy(() -> records.update(alice, APP, "expense", id, version, json("{\"amount\": 5}")))
                .isInstanceOf(InvalidException.class).hasMessageContaining("in approval");
        assertThatThrownBy(() -> records.update(ADMIN, APP, "expense", id, version,
                json("{\"approval_status\": \"approved\"}"))).isInstanceOf(InvalidException.class);
        TaskView task = onlyTask(bob, id);
        assertThat(task.summary()).containsEntry("title", "taxi").containsKey("amount");
        assertThat(task.stepName()).isEqualTo("Review");
        // the approver may change the step's editable field, and only that
        records.update(bob, APP, "expense", id, version, json("{\"note\": \"checked\"}"));
        assertThatThrownBy(() -> records.update(bob, APP, "expense", id, version + 1, json("{\"amount\": 1}")))
                .isInstanceOf(InvalidException.class);
        workflows.act(bob, task.id(), TaskAction.of(TaskAction.Kind.APPROVE, "fine"));
        assertThat(status(id)).isEqualTo("approved");
        assertThat(records.get(ADMIN, APP, "expense", id, Set.of()).get("approved_by_flow")).isEqualTo(true);
        assertThat(workflows.timeline(alice, APP, "expense", id)).extracting(TimelineEntry::action)
                .containsExactly("submit", "approve", "approved");
        assertThat(workflows.inbox(bob, Inbox.DONE, 10, null).items()).extracting(TaskView::recordId).contains(id);
        assertThat(workflows.submitted(alice, 50, null).items()).extracting(ApprovalView::recordId).contains(id);
        // no longer locked
        records.update(alice, APP, "expense", id, version + 2, json("{\"amount\": 5}"));
    }

    @Test
    void countersignNeedsEveryApproverAndOneRejectionRejects() {
        long all = expense("hotel");
        workflows.submit(alice, APP, "expense", all, "countersign", null);
        workflows.act(bob, onlyTask(bob, all).id(), TaskAction.of(TaskAction.Kind.APPROVE, null));
        assertThat(status(all)).isEqualTo("in_approval");
        workflows.act(carol, onlyTask(carol, all).id(), TaskAction.of(TaskAction.Kind.APPROVE, null));
        assertThat(status(all)).isEqualTo("approved");

        long one = expense("flight");
        workflows.submit(alice, APP, "expense", one, "countersign", null);
        TaskView carolsTask = onlyTask(carol, one);
        workflows.act(bob, onlyTask(bob, one).id(), TaskAction.of(TaskAction.Kind.REJECT, "too dear"));
        assertThat(status(one)).isEqualTo("rejected");
        assertThat(workflows.task(carol, carolsTask.id()).status()).isEqualTo("cancelled");
    }

    @Test
    void countersignDecisionsTakenAtTheSameMomentAreAllCounted() throws Exception {
        // both approvers act at once, several times over: each action waits for the other's commit (the approval's
        // row is locked), so both decisions count and neither fails on Flowable's optimistic lock
        for (int round = 0; round < 4; round++) {
            long approved = expense("fair " + round);
            workflows.submit(alice, APP, "expense", approved, "countersign", null);
            atOnce(() -> workflows.act(bob, onlyTask(bob, approved).id(), TaskAction.of(TaskAction.Kind.APPROVE, null)),
                    () -> workflows.act(carol, onlyTask(carol, approved).id(), TaskAction.of(TaskAction.Kind.APPROVE,
                            null)));
            assertThat(status(approved)).isEqualTo("approved");

            long rejected = expense("gala " + round);
            workflows.submit(alice, APP, "expense", rejected, "countersign", null);
            TaskView bobs = onlyTask(bob, rejected);
            TaskView carols = onlyTask(carol, rejected);
            List<Throwable> failures = atOnce(
                    () -> workflows.act(bob, bobs.id(), TaskAction.of(TaskAction.Kind.APPROVE, null)),
                    () -> workflows.act(carol, carols.id(), TaskAction.of(TaskAction.Kind.REJECT, "no")));
            assertThat(status(rejected)).isEqualTo("rejected");
            // when the rejection went first, the approval found its task cancelled: a clear 409, nothing else
            assertThat(failures).allSatisfy(f -> assertThat(f).isInstanceOf(ConflictException.class)
                    .hasMessageContaining("cancelled"));
        }
    }

    /** Runs both at the same moment; returns what they threw, and fails on anything but a Trellis conflict. */
    private static List<Throwable> atOnce(Runnable first, Runnable second) throws Exception {
        java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(2);
        List<Throwable> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        List<Thread> threads = java.util.stream.Stream.of(first, second).map(work -> Thread.ofPlatform().start(() -> {
            try {
                barrier.await();
                work.run();
            } catch (Throwable e) {
                failures.add(e);
            }
        })).toList();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failures).allSatisfy(f -> assertThat(f).isInstanceOf(ConflictException.class));
        return failures;
    }

    @Test
    void orSignToARoleIsOneGroupTaskThatOneMemberClaimsAndDecides() {
        long id = expense("lunch");
        workflows.submit(alice, APP, "expense", id, "finance_pool", null);
        TaskView task = workflows.inbox(carol, Inbox.GROUP, 200, null).items().stream().filter(t -> t.recordId() == id)
                .findFirst().orElseThrow();
        assertThat(task.candidate()).isEqualTo("role:expense_finance");
        assertThat(workflows.inbox(dave, Inbox.GROUP, 200, null).items()).noneMatch(t -> t.recordId() == id);
        workflows.claim(carol, task.id());
        assertThat(workflows.inbox(bob, Inbox.GROUP, 200, null).items()).noneMatch(t -> t.recordId() == id);
        workflows.act(carol, task.id(), TaskAction.of(TaskAction.Kind.APPROVE, null));
        assertThat(status(id)).isEqualTo("approved");
    }

    @Test
    void sequentialApproversDecideOneAfterAnother() {
        long id = expense("train");
        workflows.submit(alice, APP, "expense", id, "chain", null);
        assertThat(workflows.inbox(dave, Inbox.OPEN, 200, null).items()).noneMatch(t -> t.recordId() == id);
        workflows.act(carol, onlyTask(carol, id).id(), TaskAction.of(TaskAction.Kind.APPROVE, null));
        assertThat(status(id)).isEqualTo("in_approval");
        workflows.act(dave, onlyTask(dave, id).id(), TaskAction.of(TaskAction.Kind.APPROVE, null));
        assertThat(status(id)).isEqualTo("approved");
    }

    @Test
    void percentageApprovesOnceTheShareIsReached() {
        long id = expense("seminar");
        workflows.submit(alice, APP, "expense", id, "majority", null);
        workflows.act(bob, onlyTask(bob, id).id(), TaskAction.of(TaskAction.Kind.APPROVE, null));
        assertThat(status(id)).isEqualTo("in_approval");
        workflows.act(carol, onlyTask(carol, id).id(), TaskAction.of(TaskAction.Kind.APPROVE, null));
        assertThat(status(id)).isEqualTo("approved"); // 2 of 3 ≥ 60 %
    }

    @Test
    void theSubmitterWithdrawsUntilSomeoneActs() {
        long id = expense("book");
        workflows.submit(alice, APP, "expense", id, "countersign", null);
        assertThatThrownBy(() -> workflows.submit(alice, APP, "expense", id, "countersign", null))
                .isInstanceOf(ConflictException.class);
        workflows.withdraw(alice, APP, "expense", id, "wrong amount");
        assertThat(status(id)).isEqualTo("withdrawn");
        assertThat(workflows.inbox(bob, Inbox.OPEN, 200, null).items()).noneMatch(t -> t.recordId() == id);

        workflows.submit(alice, APP, "expense", id, "countersign", null);
        workflows.act(bob, onlyTask(bob, id).id(), TaskAction.of(TaskAction.Kind.APPROVE, null));
        assertThatThrownBy(() -> workflows.withdraw(alice, APP, "expense", id, null))
                .isInstanceOf(ConflictException.class).hasMessageContaining("already acted");
    }
}
