package dev.trellis.rule.routing;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.InvalidException;
import dev.trellis.core.NotFoundException;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.testing.CoreContext;
import dev.trellis.rule.RuleEngineConfiguration;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Routing channel issues by type and region: decision tables as metadata, decided with a trace. */
class DecisionTableIT {

    private static final String APP = "routing_it";
    private static MetadataService metadata;
    private static RecordService records;
    private static DecisionService decisions;
    private static long gold;
    private static long silver;

    @BeforeAll
    static void publish() {
        CoreContext.extend(RuleEngineConfiguration.class);
        metadata = CoreContext.metadata();
        records = CoreContext.records();
        decisions = CoreContext.get().getBean(DecisionService.class);
        CoreContext.publishApp(APP,
                json("""
                        {"name": "partner", "fields": [{"name": "name", "type": "text"},
                          {"name": "tier", "type": "picklist", "values": [{"value": "gold"}, {"value": "silver"}]}]}"""),
                json("""
                        {"name": "channel_issue", "fields": [{"name": "partner", "type": "lookup", "target": "partner"},
                          {"name": "type", "type": "picklist", "values": [{"value": "complaint"}, {"value": "return"},
                            {"value": "question"}]},
                          {"name": "region", "type": "picklist", "values": [{"value": "east"}, {"value": "west"},
                            {"value": "north"}]},
                          {"name": "amount", "type": "currency"}, {"name": "urgent", "type": "boolean"}]}"""));
        metadata.saveDraft(ADMIN, APP, "role", "returns_desk", json("{\"name\": \"returns_desk\"}"), null);
        metadata.saveDraft(ADMIN, APP, "decision_table", "issue_routing", json("""
                {"name": "issue_routing", "object": "channel_issue", "hitPolicy": "first",
                 "outputs": [{"name": "priority", "type": "text"}, {"name": "sla_hours", "type": "number"}],
                 "rows": [
                   {"name": "complaints east and north", "when": {"type": "complaint", "region": ["east", "north"]},
                    "assignee": {"queue": "east_complaints"}, "outputs": {"priority": "'high'", "sla_hours": "4"}},
                   {"name": "large returns", "when": {"type": "return", "amount": {">=": 1000}},
                    "assignee": {"role": "returns_desk"},
                    "outputs": {"priority": "amount > 5000 ? 'high' : 'normal'", "sla_hours": "24"}},
                   {"name": "gold partners", "condition": "partner.tier == 'gold'",
                    "assignee": {"department": "KEY-ACCOUNTS"}, "outputs": {"priority": "'normal'"}}],
                 "default": {"assignee": {"queue": "triage"}, "outputs": {"priority": "'low'", "sla_hours": "72"}},
                 "examples": [
                   {"record": {"type": "complaint", "region": "north"}, "expect": [{"assignee": {"queue": "east_complaints"},
                     "outputs": {"sla_hours": 4}}]},
                   {"record": {"type": "return", "amount": 999.99}, "expect": [{"assignee": {"queue": "triage"}}]}]}"""),
                null);
        metadata.saveDraft(ADMIN, APP, "decision_table", "issue_watchers", json("""
                {"name": "issue_watchers", "object": "channel_issue", "hitPolicy": "collect",
                 "rows": [
                   {"when": {"type": "complaint"}, "assignee": {"role": "returns_desk"}},
                   {"when": {"region": "east", "urgent": true}, "assignee": {"user": 1}},
                   {"when": {"amount": {">": 100, "<=": 500}}, "assignee": {"queue": "mid_value"}}],
                 "allowNoMatch": true,
                 "examples": [{"record": {"type": "question"}, "expect": []}]}"""), null);
        metadata.publish(ADMIN, APP, false, "routing");
        gold = (Long) records.create(ADMIN, APP, "partner", json("{\"name\": \"Acme\", \"tier\": \"gold\"}")).get("id");
        silver = (Long) records.create(ADMIN, APP, "partner", json("{\"name\": \"Bolt\", \"tier\": \"silver\"}")).get("id");
    }

    private static long issue(String json) {
        return (Long) records.create(ADMIN, APP, "channel_issue", json(json)).get("id");
    }

    @Test
    void theFirstMatchingRowRoutesAnIssueByTypeAndRegion() {
        Decision east = decisions.decide(ADMIN, APP, "issue_routing",
                issue("{\"type\": \"complaint\", \"region\": \"east\", \"partner\": " + gold + "}"));
        assertThat(east.matched()).isTrue();
        assertThat(east.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.row()).isZero();
            assertThat(o.rowName()).isEqualTo("complaints east and north");
            assertThat(o.assignee()).isEqualTo(Assignee.queue("east_complaints"));
            assertThat(o.outputs()).containsEntry("priority", "high");
            assertThat((BigDecimal) o.outputs().get("sla_hours")).isEqualByComparingTo("4");
        });
        // the gold partner's row matches too, but the first match decides
        assertThat(east.trace()).extracting(Decision.RowTrace::row, Decision.RowTrace::matched)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, true));

        Decision west = decisions.decide(ADMIN, APP, "issue_routing",
                issue("{\"type\": \"complaint\", \"region\": \"west\", \"partner\": " + gold + "}"));
        assertThat(west.first().orElseThrow().assignee()).isEqualTo(Assignee.department("KEY-ACCOUNTS"));
        assertThat(west.trace()).extracting(Decision.RowTrace::failedAt).containsExactly(
                "/rows/0/when/region", "/rows/1/when/type", null);
        assertThat(west.reads()).containsEntry("type", "complaint").containsEntry("region", "west")
                .containsEntry("partner.tier", "gold");

        Decision bigReturn = decisions.decide(ADMIN, APP, "issue_routing",
                issue("{\"type\": \"return\", \"region\": \"west\", \"amount\": 8000, \"partner\": " + silver + "}"));
        assertThat(bigReturn.first().orElseThrow()).satisfies(o -> {
            assertThat(o.assignee()).isEqualTo(Assignee.role("returns_desk"));
            assertThat(o.outputs()).containsEntry("priority", "high");
        });
    }

    @Test
    void anIssueNoRowTakesGoesToTheDefault() {
        Decision decision = decisions.decide(ADMIN, APP, "issue_routing",
                Map.of("type", "question", "region", "west", "partner", silver));
        assertThat(decision.matched()).isFalse();
        assertThat(decision.defaulted()).isTrue();
        assertThat(decision.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.row()).isNull();
            assertThat(o.assignee()).isEqualTo(Assignee.queue("triage"));
            assertThat(o.outputs()).containsEntry("priority", "low");
        });
        assertThat(decision.trace()).extracting(Decision.RowTrace::failedAt)
                .containsExactly("/rows/0/when/type", "/rows/1/when/type", "/rows/2/condition");
    }

    @Test
    void collectGivesEveryMatchingRowInOrderOrNothing() {
        Decision all = decisions.decide(ADMIN, APP, "issue_watchers",
                Map.of("type", "complaint", "region", "east", "urgent", true, "amount", new BigDecimal("250.00")));
        assertThat(all.outcomes()).extracting(Decision.Outcome::row, Decision.Outcome::assignee).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0, Assignee.role("returns_desk")),
                org.assertj.core.groups.Tuple.tuple(1, Assignee.user(1)),
                org.assertj.core.groups.Tuple.tuple(2, Assignee.queue("mid_value")));
        Decision some = decisions.decide(ADMIN, APP, "issue_watchers",
                Map.of("type", "question", "region", "east", "amount", new BigDecimal("500.00")));
        assertThat(some.outcomes()).extracting(Decision.Outcome::assignee).containsExactly(Assignee.queue("mid_value"));
        assertThat(some.trace()).extracting(Decision.RowTrace::failedAt)
                .containsExactly("/rows/0/when/type", "/rows/1/when/urgent", null);
        Decision none = decisions.decide(ADMIN, APP, "issue_watchers", Map.of("type", "question"));
        assertThat(none.outcomes()).isEmpty();
        assertThat(none.matched()).isFalse();
        assertThat(none.defaulted()).isFalse();
    }

    @Test
    void anUnknownTableIsNotFound() {
        assertThatThrownBy(() -> decisions.decide(ADMIN, APP, "nope", Map.of()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no decision table 'nope'");
    }

    @Test
    void badTablesArePointedAtPrecisely() {
        assertThat(problems("""
                {"name": "bad", "object": "channel_issue",
                 "outputs": [{"name": "priority", "type": "text"}],
                 "rows": [
                   {"when": {"colour": "red", "amount": "lots", "type": ["complaint", 3], "partner.tier": {"~": 1}},
                    "assignee": {"role": "nobody"}},
                   {"condition": "amount", "assignee": {"queue": "x"}, "outputs": {"priority": "amount", "sla": "1"}}]}"""))
                .containsExactlyInAnyOrder(
                        "/default default-missing",
                        "/rows/0/when/colour expression-field-unknown",
                        "/rows/0/when/amount cell-type-mismatch",
                        "/rows/0/when/type/1 cell-type-mismatch",
                        "/rows/0/when/partner.tier/~0 cell-operator-unknown",
                        "/rows/0/assignee/role role-unknown",
                        "/rows/1/condition expression-type-mismatch",
                        "/rows/1/outputs/priority expression-type-mismatch",
                        "/rows/1/outputs/sla output-unknown");
        assertThat(problems("""
                {"name": "bad", "object": "channel_issue", "rows": [{"assignee": {"queue": "x"}}],
                 "default": {"assignee": {"queue": "y"}}, "allowNoMatch": true}"""))
                .containsExactly("/allowNoMatch default-conflict");
        assertThat(problems("""
                {"name": "bad", "object": "channel_issue", "rows": [{"assignee": {"queue": "x", "role": "returns_desk"}}],
                 "allowNoMatch": true}"""))
                .containsExactly("/rows/0/assignee schema-max-properties");
    }

    @Test
    void aFailingExampleBlocksTheSave() {
        assertThatThrownBy(() -> metadata.saveDraft(ADMIN, APP, "decision_table", "wrong", json("""
                {"name": "wrong", "object": "channel_issue",
                 "rows": [{"when": {"region": "east"}, "assignee": {"queue": "east"}}],
                 "default": {"assignee": {"queue": "triage"}},
                 "examples": [{"record": {"region": "east"}, "expect": [{"assignee": {"queue": "east"}}]},
                              {"record": {"region": "west"}, "expect": [{"assignee": {"queue": "east"}}]}]}"""), null))
                .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.path() + " " + p.code() + " " + p.message()).containsExactly(
                                "/examples/1 example-failed the table gives [default: queue triage], the example "
                                        + "expects [queue east]"));
    }

    private static List<String> problems(String document) {
        return metadata.validate(APP, "decision_table", "bad", json(document)).stream()
                .map(p -> p.path() + " " + p.code()).toList();
    }
}
