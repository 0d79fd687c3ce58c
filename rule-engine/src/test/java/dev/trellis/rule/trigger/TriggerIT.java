package dev.trellis.rule.trigger;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.Actor;
import dev.trellis.core.InvalidException;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.record.AuditEntry;
import dev.trellis.core.record.FieldChange;
import dev.trellis.core.record.RecordQuery;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.security.NewUser;
import dev.trellis.core.security.UserAccount;
import dev.trellis.core.security.UserService;
import dev.trellis.core.security.UserUpdate;
import dev.trellis.core.testing.CoreContext;
import dev.trellis.rule.RuleEngineConfiguration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** Triggers as metadata: checked on save, run in the record's transaction, guarded against recursion. */
class TriggerIT {

    private static final String APP = "triggers_it";
    private static final String REVIEWER_ROLE = "triggers_it_reviewer";
    private static MetadataService metadata;
    private static RecordService records;
    private static NotificationService notifications;
    private static OutboxService outbox;
    private static UserAccount owner;
    private static UserAccount reviewer;
    private static UserAccount roleHolder;
    private static UserAccount disabledHolder;
    private static UserAccount bystander;

    @BeforeAll
    static void publish() {
        CoreContext.extend(RuleEngineConfiguration.class);
        metadata = CoreContext.metadata();
        records = CoreContext.records();
        notifications = CoreContext.get().getBean(NotificationService.class);
        outbox = CoreContext.get().getBean(OutboxService.class);
        UserService users = CoreContext.get().getBean(UserService.class);
        owner = users.create(ADMIN, new NewUser("triggers_it_owner", "correct horse battery", "Owner", Set.of("user")));
        reviewer = users.create(ADMIN, new NewUser("triggers_it_reviewer", "correct horse battery", "Reviewer", Set.of()));
        roleHolder = users.create(ADMIN, new NewUser("triggers_it_lead", "correct horse battery", "Lead",
                Set.of(REVIEWER_ROLE)));
        disabledHolder = users.create(ADMIN, new NewUser("triggers_it_gone", "correct horse battery", "Gone",
                Set.of(REVIEWER_ROLE)));
        users.update(ADMIN, disabledHolder.id(), new UserUpdate(null, false, Set.of(REVIEWER_ROLE), null, null));
        bystander = users.create(ADMIN, new NewUser("triggers_it_bystander", "correct horse battery", "By", Set.of()));
        CoreContext.publishApp(APP,
                json("""
                        {"name": "sales_order", "fields": [{"name": "amount", "type": "currency"},
                          {"name": "priority", "type": "picklist", "values": [{"value": "normal"}, {"value": "high"}]},
                          {"name": "status", "type": "picklist", "values": [{"value": "draft"}, {"value": "submitted"}]},
                          {"name": "note", "type": "text"}, {"name": "reviewer", "type": "integer"}]}"""),
                json("""
                        {"name": "task", "fields": [{"name": "sales_order", "type": "lookup", "target": "sales_order"},
                          {"name": "subject", "type": "text", "required": true}, {"name": "due", "type": "date"}]}"""),
                json("""
                        {"name": "ping", "fields": [{"name": "a", "type": "integer"}, {"name": "b", "type": "integer"}]}"""),
                json("""
                        {"name": "chain_link", "fields": [{"name": "depth", "type": "integer"}]}"""));
        metadata.saveDraft(ADMIN, APP, "role", REVIEWER_ROLE, json("{\"name\": \"" + REVIEWER_ROLE + "\"}"), null);
        save("flag_big_orders", """
                {"name": "flag_big_orders", "object": "sales_order", "events": ["update"],
                 "condition": "amount > 10000 && isChanged('amount')",
                 "actions": [
                   {"type": "set_fields", "values": {"priority": "'high'", "note": "'flagged for ' + user.username"}},
                   {"type": "notify", "recipients": [{"owner": true}, {"field": "reviewer"}, {"role": "%s"}],
                    "title": "'Order ' + text(id) + ' is large'", "body": "'Amount: ' + text(amount)"}],
                 "examples": [
                   {"record": {"amount": 20000}, "prior": {"amount": 100}, "fires": true,
                    "sets": {"priority": "high", "note": "flagged for example"}},
                   {"record": {"amount": 20000}, "fires": false},
                   {"record": {"amount": 50}, "prior": {"amount": 100}, "fires": false}]}""".formatted(REVIEWER_ROLE));
        save("review_task", """
                {"name": "review_task", "object": "sales_order", "events": ["create"], "condition": "amount > 1000",
                 "actions": [{"type": "create_record", "object": "task", "values": {"sales_order": "id",
                   "subject": "'Review order ' + text(id)", "due": "addDays(today(), 3)"}}]}""");
        save("sign_task", """
                {"name": "sign_task", "object": "task", "events": ["create"],
                 "actions": [{"type": "set_fields", "values": {"subject": "subject + ' for ' + user.username"}}]}""");
        save("approval_flow", """
                {"name": "approval_flow", "object": "sales_order", "events": ["create", "update"],
                 "condition": "status == 'submitted' && isChanged('status')",
                 "actions": [{"type": "start_flow", "flow": "order_approval",
                   "variables": {"amount": "amount", "big": "amount > 10000"}}]}""");
        metadata.saveDraft(ADMIN, APP, "validation_rule", "no_secrets", json("""
                {"name": "no_secrets", "object": "sales_order", "field": "note", "condition": "note == 'secret'",
                 "message": "notes may not say secret"}"""), null);
        save("leak", """
                {"name": "leak", "object": "sales_order", "events": ["create"], "condition": "amount == 13",
                 "actions": [{"type": "set_fields", "values": {"note": "'secret'"}}]}""");
        save("ping_a", """
                {"name": "ping_a", "object": "ping", "events": ["update"], "condition": "isChanged('a')",
                 "actions": [{"type": "set_fields", "values": {"b": "b + 1"}}]}""");
        save("ping_b", """
                {"name": "ping_b", "object": "ping", "events": ["update"], "condition": "isChanged('b')",
                 "actions": [{"type": "set_fields", "values": {"a": "a + 1"}}]}""");
        save("farewell", """
                {"name": "farewell", "object": "sales_order", "events": ["delete"], "condition": "note == 'farewell'",
                 "actions": [{"type": "notify", "recipients": [{"owner": true}],
                   "title": "'Order ' + text(id) + ' was deleted'"}]}""");
        save("grow_chain", """
                {"name": "grow_chain", "object": "chain_link", "events": ["create"],
                 "actions": [{"type": "create_record", "object": "chain_link", "values": {"depth": "depth + 1"}}]}""");
        metadata.publish(ADMIN, APP, false, "triggers");
    }

    private static void save(String name, String document) {
        metadata.saveDraft(ADMIN, APP, "trigger", name, json(document), null);
    }

    private static Map<String, Object> createOrder(String json) {
        return records.create(ADMIN, APP, "sales_order", json(json));
    }

    @Test
    void aTriggerSetsFieldsOnUpdateOnlyWhenItsConditionHolds() {
        Map<String, Object> order = createOrder("{\"amount\": 500, \"priority\": \"normal\"}");
        long id = (Long) order.get("id");
        Map<String, Object> small = records.update(ADMIN, APP, "sales_order", id, 1, json("{\"amount\": 900}"));
        assertThat(small).containsEntry("priority", "normal").containsEntry("version", 2);

        Actor clerk = new Actor(owner.id(), owner.username(), Set.of(Actor.ADMIN_ROLE));
        Map<String, Object> returned = records.update(clerk, APP, "sales_order", id, 2, json("{\"amount\": 20000}"));
        Map<String, Object> flagged = records.get(ADMIN, APP, "sales_order", id, Set.of());
        assertThat(flagged).containsEntry("priority", "high").containsEntry("note", "flagged for triggers_it_owner")
                .containsEntry("version", 4);
        // the caller gets the record as the trigger left it, so its next save is not a conflict
        assertThat(returned).isEqualTo(flagged);
        // the trigger's write is audited as the platform's, naming the trigger and the user
        List<AuditEntry> history = records.history(ADMIN, APP, "sales_order", id, null, 10, null).entries();
        assertThat(history.getFirst().actor()).isEqualTo("system (trigger flag_big_orders, for triggers_it_owner)");
        assertThat(history.getFirst().changes()).extracting(FieldChange::field).containsExactly("priority", "note");

        // the amount does not change: the trigger stays quiet even though the amount is still large
        records.update(ADMIN, APP, "sales_order", id, 4, json("{\"priority\": \"normal\"}"));
        assertThat(records.get(ADMIN, APP, "sales_order", id, Set.of())).containsEntry("priority", "normal");
    }

    @Test
    void notificationsReachTheOwnerTheFieldsUserAndTheRoleHoldersOnly() {
        long id = (Long) createOrder("{\"amount\": 10, \"owner_id\": " + owner.id() + ", \"reviewer\": " + reviewer.id()
                + "}").get("id");
        long before = notifications.unreadCount(actor(owner));
        records.update(ADMIN, APP, "sales_order", id, 1, json("{\"amount\": 12345.5}"));

        for (UserAccount user : List.of(owner, reviewer, roleHolder)) {
            List<Notification> mine = notifications.list(actor(user), true, 50, null).stream()
                    .filter(n -> n.recordId() == id).toList();
            assertThat(mine).singleElement().satisfies(n -> {
                assertThat(n.title()).isEqualTo("Order " + id + " is large");
                assertThat(n.body()).isEqualTo("Amount: 12345.50");
                assertThat(n.source()).isEqualTo("flag_big_orders");
                assertThat(n.object()).isEqualTo("sales_order");
                assertThat(n.unread()).isTrue();
            });
        }
        for (UserAccount user : List.of(disabledHolder, bystander)) {
            assertThat(notifications.list(actor(user), false, 50, null)).noneMatch(n -> n.recordId() == id);
        }
        assertThat(notifications.unreadCount(actor(owner))).isEqualTo(before + 1);

        Notification note = notifications.list(actor(owner), true, 1, null).getFirst();
        notifications.markRead(actor(owner), note.id());
        notifications.markRead(actor(owner), note.id());
        assertThat(notifications.unreadCount(actor(owner))).isEqualTo(before);
        assertThatThrownBy(() -> notifications.markRead(actor(bystander), note.id()))
                .hasMessageContaining("no notification");
        assertThat(notifications.markAllRead(actor(reviewer))).isPositive();
        assertThat(notifications.unreadCount(actor(reviewer))).isZero();
    }

    @Test
    void aRolledBackWriteLeavesNoTraceOfItsTriggers() {
        long id = (Long) createOrder("{\"amount\": 10, \"owner_id\": " + owner.id() + "}").get("id");
        long unread = notifications.unreadCount(actor(owner));
        TransactionTemplate tx = CoreContext.get().getBean(TransactionTemplate.class);
        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
            records.update(ADMIN, APP, "sales_order", id, 1, json("{\"amount\": 50000, \"status\": \"submitted\"}"));
            assertThat(records.get(ADMIN, APP, "sales_order", id, Set.of())).containsEntry("priority", "high");
            throw new IllegalStateException("the caller changes its mind");
        })).hasMessage("the caller changes its mind");
        assertThat(records.get(ADMIN, APP, "sales_order", id, Set.of()))
                .containsEntry("version", 1).containsEntry("priority", null);
        assertThat(notifications.unreadCount(actor(owner))).isEqualTo(unread);
        assertThat(outbox.forRecord(APP, "sales_order", id)).isEmpty();
    }

    @Test
    void aRelatedRecordIsCreatedOwnedByTheUserWhoseWriteSetItOff() {
        Actor lead = new Actor(roleHolder.id(), roleHolder.username(), Set.of(Actor.ADMIN_ROLE));
        long id = (Long) records.create(lead, APP, "sales_order", json("{\"amount\": 5000}")).get("id");
        List<Map<String, Object>> tasks = records.query(ADMIN, APP, "task",
                RecordQuery.fromJson(json("{\"filter\": {\"field\": \"sales_order\", \"op\": \"eq\", \"value\": " + id + "}}")))
                .records();
        assertThat(tasks).singleElement().satisfies(task -> {
            // a trigger set off by a trigger's write still sees the user who started it all
            assertThat(task).containsEntry("subject", "Review order " + id + " for triggers_it_lead")
                    .containsEntry("due", LocalDate.now().plusDays(3))
                    .containsEntry("owner_id", roleHolder.id())
                    .containsEntry("created_by", 0L);
        });
        long small = (Long) records.create(lead, APP, "sales_order", json("{\"amount\": 5}")).get("id");
        assertThat(records.query(ADMIN, APP, "task", RecordQuery.fromJson(json(
                "{\"filter\": {\"field\": \"sales_order\", \"op\": \"eq\", \"value\": " + small + "}}"))).records()).isEmpty();
    }

    @Test
    void aCreateReturnsTheRecordAsItsTriggersLeftIt() {
        Map<String, Object> task = records.create(ADMIN, APP, "task", json("{\"subject\": \"Call back\"}"));
        assertThat(task).containsEntry("subject", "Call back for admin").containsEntry("version", 2);
        assertThat(records.update(ADMIN, APP, "task", (Long) task.get("id"), 2, json("{\"due\": \"2026-12-01\"}")))
                .containsEntry("version", 3);
    }

    @Test
    void aDeleteTriggerSeesWhoOwnedTheRecord() {
        long id = (Long) createOrder("{\"amount\": 10, \"note\": \"farewell\", \"owner_id\": " + owner.id() + "}")
                .get("id");
        records.delete(ADMIN, APP, "sales_order", id, null);
        assertThat(notifications.list(actor(owner), true, 50, null)).filteredOn(n -> n.recordId() == id)
                .singleElement().satisfies(n -> assertThat(n.title()).isEqualTo("Order " + id + " was deleted"));
    }

    @Test
    void triggersThatWouldLoopAreRefusedAndNothingIsWritten() {
        Map<String, Object> ping = records.create(ADMIN, APP, "ping", json("{\"a\": 1, \"b\": 1}"));
        long id = (Long) ping.get("id");
        assertThatThrownBy(() -> records.update(ADMIN, APP, "ping", id, 1, json("{\"a\": 2}")))
                .isInstanceOfSatisfying(TriggerRecursionException.class, e -> {
                    assertThat(e.code()).isEqualTo("trigger-recursion");
                    assertThat(e.getMessage()).contains("trigger ping_a would run again for ping " + id)
                            .contains("ping_a (ping " + id + ") → ping_b (ping " + id + ") → ping_a (ping " + id + ")");
                    assertThat(e.problems().getFirst().args().get("chain")).asList().hasSize(3);
                });
        assertThat(records.get(ADMIN, APP, "ping", id, Set.of())).containsEntry("a", 1L).containsEntry("b", 1L)
                .containsEntry("version", 1);
        assertThat(records.history(ADMIN, APP, "ping", id, null, 10, null).entries()).hasSize(1);
    }

    @Test
    void aTriggerWriteThatAValidationRuleRefusesRefusesTheWholeWrite() {
        long before = count("sales_order");
        assertThatThrownBy(() -> createOrder("{\"amount\": 13}"))
                .isInstanceOfSatisfying(TriggerActionException.class, e -> {
                    assertThat(e.getMessage()).startsWith("trigger leak, action 0 (set_fields) on sales_order ");
                    assertThat(e.problems()).singleElement().satisfies(p -> {
                        assertThat(p.path()).isEqualTo("/note");
                        assertThat(p.code()).isEqualTo("validation-rule-failed");
                        assertThat(p.message()).endsWith("notes may not say secret");
                        assertThat(p.args()).containsEntry("trigger", "leak").containsEntry("action", 0);
                    });
                });
        assertThat(count("sales_order")).isEqualTo(before);
    }

    @Test
    void aChainOfTriggersAcrossNewRecordsStopsAtTheDepthLimit() {
        long before = count("chain_link");
        assertThatThrownBy(() -> records.create(ADMIN, APP, "chain_link", json("{\"depth\": 0}")))
                .isInstanceOfSatisfying(TriggerRecursionException.class, e -> assertThat(e.getMessage())
                        .startsWith("triggers may call each other at most 5 deep (grow_chain (chain_link "));
        assertThat(count("chain_link")).isEqualTo(before);
    }

    @Test
    void startingAFlowQueuesAnEventTheWorkflowEngineConsumesInItsOwnTransaction() {
        long id = (Long) createOrder("{\"amount\": 20000, \"status\": \"submitted\"}").get("id");
        assertThat(outbox.forRecord(APP, "sales_order", id)).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(OutboxEvent.FLOW_START);
            assertThat(event.destination()).isEqualTo("order_approval");
            assertThat(event.status()).isEqualTo(OutboxEvent.PENDING);
            assertThat(event.payload().get("variables").get("amount").decimalValue()).isEqualByComparingTo("20000");
            assertThat(event.payload().get("variables").get("big").booleanValue()).isTrue();
            assertThat(event.payload().get("actor").get("username").stringValue()).isEqualTo("admin");
            assertThat(event.payload().get("event").stringValue()).isEqualTo("sales_order.create");
        });
        List<JsonNode> started = new ArrayList<>();
        int handled = outbox.consume(OutboxEvent.FLOW_START, 100, event -> {
            if (event.recordId() == id) {
                started.add(event.payload());
            }
        });
        assertThat(handled).isPositive();
        assertThat(started).hasSize(1);
        assertThat(outbox.forRecord(APP, "sales_order", id).getFirst().status()).isEqualTo(OutboxEvent.DONE);

        // a handler that fails leaves the event waiting for another attempt
        long other = (Long) createOrder("{\"amount\": 1, \"status\": \"submitted\"}").get("id");
        outbox.consume(OutboxEvent.FLOW_START, 1, event -> {
            throw new IllegalStateException("no such flow deployed");
        });
        OutboxEvent failed = outbox.forRecord(APP, "sales_order", other).getFirst();
        assertThat(failed.status()).isEqualTo(OutboxEvent.PENDING);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).contains("no such flow deployed");
        assertThat(failed.nextAttemptAt()).isAfter(failed.createdAt());
    }

    @Test
    void badTriggersArePointedAtPrecisely() {
        assertThat(problems("""
                {"name": "bad", "object": "sales_order", "events": ["update", "delete"],
                 "condition": "amount > 'many'",
                 "actions": [
                   {"type": "set_fields", "values": {"colour": "'red'", "priority": "amount + 1", "status": "'urgent'"}},
                   {"type": "create_record", "object": "task", "values": {"due": "today() + 1"}},
                   {"type": "notify", "recipients": [{"role": "nobody"}, {"field": "amount"}, {"owner": true}],
                    "title": "'x'"},
                   {"type": "webhook", "url": "https://user:pw@example.com/hook", "secret": "erp", "fields": ["colour"]},
                   {"type": "set_fields", "values": {"note": "'x'"}, "colour": 1}]}"""))
                .containsExactlyInAnyOrder(
                        "/condition expression-type-mismatch",
                        "/actions/0/type action-not-on-delete",
                        "/actions/0/values/colour field-unknown",
                        "/actions/0/values/priority expression-type-mismatch",
                        "/actions/0/values/status picklist-value-unknown",
                        "/actions/1/values/due expression-type-mismatch",
                        "/actions/1/values field-required",
                        "/actions/2/recipients/0/role role-unknown",
                        "/actions/2/recipients/1/field field-not-user",
                        "/actions/3/url url-invalid",
                        "/actions/3/fields/0 field-unknown",
                        "/actions/4/colour schema-additional-properties",
                        "/actions/4/type action-not-on-delete");
        assertThat(problems("""
                {"name": "bad", "object": "invoice", "events": ["create"],
                 "actions": [{"type": "set_fields", "values": {"colour": "'red'"}}]}"""))
                .containsExactly("/object object-unknown");
        assertThat(problems("""
                {"name": "bad", "object": "sales_order", "events": ["create"],
                 "actions": [{"type": "webhook", "url": "ftp://example.com/x", "secret": "erp"}]}"""))
                .containsExactly("/actions/0/url url-scheme-invalid");
        assertThat(problems("""
                {"name": "bad", "object": "sales_order", "events": ["create"], "actions": [{"type": "send_fax"}]}"""))
                .containsExactly("/actions/0/type schema-enum");
    }

    @Test
    void aFailingExampleBlocksTheSaveWithItsPosition() {
        assertThatThrownBy(() -> save("bad_example", """
                {"name": "bad_example", "object": "sales_order", "events": ["update"],
                 "condition": "amount > 100",
                 "actions": [{"type": "set_fields", "values": {"note": "'big: ' + text(amount)"}}],
                 "examples": [{"record": {"amount": 500}, "fires": true, "sets": {"note": "big: 500.00"}},
                              {"record": {"amount": 50}, "fires": true},
                              {"record": {"amount": 500}, "fires": true, "sets": {"note": "large"}},
                              {"event": "create", "record": {"colour": 1}, "fires": false}]}"""))
                .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.path() + " " + p.code() + " " + p.message()).containsExactly(
                                "/examples/1 example-failed the trigger does not fire for this example, which says it "
                                        + "must fire",
                                "/examples/2/sets/note example-failed the trigger sets note to 'big: 500.00', the "
                                        + "example expects \"large\"",
                                "/examples/3/event example-event-invalid the trigger does not run on create",
                                "/examples/3/record/colour field-unknown object sales_order has no field 'colour'"));
    }

    private static List<String> problems(String document) {
        return metadata.validate(APP, "trigger", "bad", json(document)).stream().map(p -> p.path() + " " + p.code())
                .toList();
    }

    private static long count(String object) {
        return records.query(ADMIN, APP, object, RecordQuery.fromJson(json("{\"count\": true}"))).total();
    }

    private static Actor actor(UserAccount user) {
        return user.actor();
    }
}
