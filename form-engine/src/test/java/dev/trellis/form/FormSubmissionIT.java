package dev.trellis.form;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trellis.core.Actor;
import dev.trellis.core.ConflictException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.Problem;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.record.RecordQuery;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.testing.CoreContext;
import dev.trellis.rule.RuleEngineConfiguration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Form submissions: validated on the server against the form and the viewer's permissions, every problem at
 * its path, nothing written on error; header and lines saved in one transaction.
 */
class FormSubmissionIT {

    static final String APP = "submit_it";
    static final Actor REP = new Actor(50, "rep", Set.of("rep"));
    private static FormService forms;
    private static RecordService records;
    private static long partner;

    @BeforeAll
    static void publish() {
        CoreContext.extend(RuleEngineConfiguration.class, FormEngineConfiguration.class);
        MetadataService metadata = CoreContext.metadata();
        forms = CoreContext.get().getBean(FormService.class);
        records = CoreContext.records();
        metadata.saveDraft(ADMIN, APP, "app", APP, json("{\"name\": \"" + APP + "\"}"), null);
        metadata.saveDraft(ADMIN, APP, "object", "partner", json("""
                {"name": "partner", "fields": [{"name": "name", "type": "text"}]}"""), null);
        metadata.saveDraft(ADMIN, APP, "object", "sales_order", json("{\"name\": \"sales_order\", \"fields\": []}"),
                null); // first without its roll-up: the lines need it to exist
        metadata.saveDraft(ADMIN, APP, "object", "order_line", json("""
                {"name": "order_line", "fields": [
                  {"name": "sales_order", "type": "master_detail", "target": "sales_order"},
                  {"name": "sku", "type": "text", "required": true}, {"name": "quantity", "type": "integer"},
                  {"name": "price", "type": "currency"},
                  {"name": "amount", "type": "currency", "formula": "quantity * price"}]}"""), null);
        metadata.saveDraft(ADMIN, APP, "object", "sales_order", json("""
                {"name": "sales_order", "fields": [
                  {"name": "partner", "type": "lookup", "target": "partner", "required": true},
                  {"name": "channel", "type": "picklist", "values": [{"value": "online"}, {"value": "store"},
                    {"value": "wholesale"}]},
                  {"name": "store", "type": "text"}, {"name": "urgent", "type": "boolean"},
                  {"name": "notes", "type": "long_text"}, {"name": "discount", "type": "percent"},
                  {"name": "cost", "type": "currency"}, {"name": "gift_note", "type": "text"},
                  {"name": "total", "type": "currency", "rollup": {"object": "order_line", "via": "sales_order",
                    "function": "sum", "field": "amount"}}]}"""), null);
        metadata.saveDraft(ADMIN, APP, "validation_rule", "line_quantity", json("""
                {"name": "line_quantity", "object": "order_line", "field": "quantity", "condition": "quantity > 1000",
                 "message": "at most 1,000 of one item per line"}"""), null);
        metadata.saveDraft(ADMIN, APP, "permission_set", "reps", json("""
                {"name": "reps", "objects": {
                  "partner": {"read": true},
                  "sales_order": {"create": true, "read": true, "edit": true,
                    "fields": {"cost": "hidden", "discount": "read_only"}},
                  "order_line": {"create": true, "read": true, "edit": true, "delete": true}}}"""), null);
        metadata.saveDraft(ADMIN, APP, "role", "rep", json("{\"name\": \"rep\", \"permissionSets\": [\"reps\"]}"), null);
        metadata.saveDraft(ADMIN, APP, "form", "order_entry", json("""
                {"name": "order_entry", "object": "sales_order", "layout": [
                  {"type": "section", "children": [
                    {"type": "field", "field": "partner"},
                    {"type": "field", "field": "channel", "optionsWhen": {"wholesale": "urgent == false"}},
                    {"type": "field", "field": "store", "visibleWhen": "channel == 'store'",
                     "requiredWhen": "channel == 'store'"},
                    {"type": "field", "field": "urgent"},
                    {"type": "field", "field": "notes", "readOnlyWhen": "urgent"},
                    {"type": "field", "field": "discount"}, {"type": "field", "field": "cost"},
                    {"type": "field", "field": "total"},
                    {"type": "field", "field": "gift_note", "visibleWhen": "channel == 'online'",
                     "defaultValue": "'Thank you'"}]},
                  {"type": "lines", "object": "order_line", "maxLines": 5, "children": [
                    {"type": "field", "field": "sku"}, {"type": "field", "field": "quantity", "defaultValue": "1"},
                    {"type": "field", "field": "price"}, {"type": "field", "field": "amount"}],
                   "totals": [{"field": "amount", "function": "sum"}, {"field": "sku", "function": "count"}]}],
                 "rules": [{"name": "online_small", "condition": "channel == 'online' && total > 1000",
                            "message": "online orders stay under 1,000", "field": "total"}]}"""), null);
        metadata.publish(ADMIN, APP, false, null);
        partner = (Long) records.create(ADMIN, APP, "partner", json("{\"name\": \"Acme\"}")).get("id");
    }

    static long count(String object) {
        return records.query(ADMIN, APP, object, new RecordQuery(null, List.of(), 1, null, true, Set.of())).total();
    }

    private static List<String> problems(String submission) {
        InvalidException e = catchThrowableOfType(InvalidException.class,
                () -> forms.submit(REP, APP, "sales_order", "order_entry", json(submission)));
        assertThat(e).as("the submission is refused").isNotNull();
        assertThat(forms.validate(REP, APP, "sales_order", "order_entry", json(submission)))
                .as("validate finds the same problems").isEqualTo(e.problems());
        return e.problems().stream().map(p -> p.path() + " " + p.code()).toList();
    }

    @Test
    void anOrderIsSavedWithItsLinesInOneGo() {
        FormSubmitResult saved = forms.submit(REP, APP, "sales_order", "order_entry", json("""
                {"values": {"partner": %d, "channel": "store", "store": "Shanghai", "urgent": false},
                 "lines": {"order_line": [{"sku": "A-1", "quantity": 2, "price": 10.50},
                                          {"sku": "B-2", "price": 100}, {"sku": "C-3", "quantity": 3, "price": 1}]}}"""
                .formatted(partner)));
        assertThat(saved.record().get("total")).isEqualTo(new java.math.BigDecimal("124.00"));
        assertThat(saved.record().get("gift_note")).as("no default for a field the form does not show").isNull();
        assertThat(saved.lines().get("order_line")).hasSize(3).doesNotContainNull();
        assertThat(saved.totals().get("order_line")).extracting(FormTotal::function, t -> t.value().toString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("sum", "124.00"),
                        org.assertj.core.groups.Tuple.tuple("count", "3"));
        Map<String, Object> defaulted = records.get(REP, APP, "order_line", saved.lines().get("order_line").get(1), Set.of());
        assertThat(defaulted.get("quantity")).as("the form's default value").isEqualTo(1L);
        assertThat(defaulted.get("sales_order")).isEqualTo(saved.record().get("id"));
    }

    @Test
    void everyBadInputIsNamedAndNothingIsWritten() {
        long orders = count("sales_order");
        long lines = count("order_line");
        assertThat(problems("""
                {"values": {"partner": %d, "colour": "red", "created_at": "2026-01-01T00:00:00Z", "cost": 5,
                            "discount": 3, "total": 10, "urgent": "yes", "channel": "store"},
                 "lines": {"order_line": [{"sku": "A"}, {"sku": "B", "colour": "blue", "amount": 5},
                   {"sku": "C"}, {"sku": "D", "quantity": "many"}, {"sku": "E"}, {"price": 1}],
                           "partner": []}}""".formatted(partner))).containsExactlyInAnyOrder(
                "/values/colour field-unknown",
                "/values/created_at form-field-extra",
                "/values/cost field-forbidden",
                "/values/discount field-read-only",
                "/values/total field-read-only",
                "/values/urgent value-type-mismatch",
                "/values/store value-required",
                "/lines/partner form-lines-unknown",
                "/lines/order_line form-lines-too-many",
                "/lines/order_line/1/colour field-unknown",
                "/lines/order_line/1/amount field-read-only",
                "/lines/order_line/3/quantity value-type-mismatch",
                "/lines/order_line/5/sku value-required");
        assertThat(count("sales_order")).isEqualTo(orders);
        assertThat(count("order_line")).isEqualTo(lines);
    }

    @Test
    void theFormsRulesDecideWhatMayBeSent() {
        List<Problem> found = forms.validate(REP, APP, "sales_order", "order_entry", json("""
                {"values": {"partner": %d, "channel": "online", "store": "Beijing", "urgent": true, "notes": "rush"},
                 "lines": {"order_line": [{"sku": "A", "quantity": 2, "price": 600}, {"sku": "B", "sales_order": 99},
                   {"sku": "C", "id": 123456, "version": 1}]}}""".formatted(partner)));
        assertThat(found).extracting(p -> p.path() + " " + p.code()).containsExactlyInAnyOrder(
                "/values/store form-field-not-visible",
                "/values/notes form-field-read-only",
                "/values/total form-rule-failed",
                "/lines/order_line/1/sales_order field-read-only",
                "/lines/order_line/2/id form-line-unknown");
        assertThat(found).filteredOn(p -> p.path().equals("/lines/order_line/1/sales_order")).first()
                .extracting(Problem::message).asString().startsWith("order_line[1].sales_order: ");
        assertThat(forms.validate(REP, APP, "sales_order", "order_entry", json("""
                {"values": {"partner": %d, "channel": "wholesale", "urgent": true}}""".formatted(partner))))
                .extracting(p -> p.path() + " " + p.code()).containsExactly("/values/channel form-option-unavailable");
    }

    @Test
    void anUpdateChangesKeepsAddsAndDeletesLines() {
        FormSubmitResult created = forms.submit(REP, APP, "sales_order", "order_entry", json("""
                {"values": {"partner": %d, "channel": "online"},
                 "lines": {"order_line": [{"sku": "A", "quantity": 1, "price": 10}, {"sku": "B", "quantity": 1, "price": 20},
                   {"sku": "C", "quantity": 1, "price": 30}]}}""".formatted(partner)));
        long id = (Long) created.record().get("id");
        assertThat(created.record().get("gift_note")).isEqualTo("Thank you");
        List<Long> ids = created.lines().get("order_line");
        int version = (Integer) created.record().get("version");
        FormSubmitResult updated = forms.submit(REP, APP, "sales_order", "order_entry", json("""
                {"id": %d, "version": %d, "values": {"channel": "online", "notes": "call first"},
                 "lines": {"order_line": [{"id": %d, "version": 1, "sku": "A", "quantity": 5, "price": 10},
                   {"id": %d, "version": 1, "sku": "C", "quantity": 1, "price": 30}, {"sku": "D", "price": 1}]}}"""
                .formatted(id, version, ids.get(0), ids.get(2))));
        assertThat(updated.lines().get("order_line")).startsWith(ids.get(0), ids.get(2)).hasSize(3);
        assertThat(updated.record().get("total")).isEqualTo(new java.math.BigDecimal("81.00"));
        assertThat(updated.record().get("notes")).isEqualTo("call first");
        assertThat(records.query(REP, APP, "order_line", RecordQuery.fromJson(json("""
                {"filter": {"field": "sales_order", "op": "eq", "value": %d}}""".formatted(id)))).records())
                .extracting(r -> r.get("sku")).containsExactlyInAnyOrder("A", "C", "D");
        ConflictException stale = catchThrowableOfType(ConflictException.class, () -> forms.submit(REP, APP,
                "sales_order", "order_entry", json("{\"id\": %d, \"version\": %d, \"values\": {\"notes\": \"x\"}}"
                        .formatted(id, version))));
        assertThat(stale.code()).isEqualTo("version-stale");
    }

    @Test
    void aLineTheRecordServiceRefusesTakesTheHeaderBack() {
        long orders = count("sales_order");
        long lines = count("order_line");
        InvalidException refused = catchThrowableOfType(InvalidException.class, () -> forms.submit(REP, APP,
                "sales_order", "order_entry", json("""
                        {"values": {"partner": %d, "channel": "online"},
                         "lines": {"order_line": [{"sku": "A", "quantity": 1, "price": 1},
                           {"sku": "B", "quantity": 5000, "price": 0}]}}""".formatted(partner))));
        assertThat(refused.problems()).extracting(p -> p.path() + " " + p.message())
                .containsExactly("/lines/order_line/1/quantity at most 1,000 of one item per line");
        assertThat(count("sales_order")).as("the header is rolled back with the line").isEqualTo(orders);
        assertThat(count("order_line")).isEqualTo(lines);
    }
}
