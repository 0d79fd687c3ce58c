package dev.trellis.form;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.testing.CoreContext;
import dev.trellis.rule.RuleEngineConfiguration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Form metadata is checked against its object at save time, every problem at its JSON path. */
class FormKindIT {

    private static final String APP = "form_it";
    private static MetadataService metadata;

    @BeforeAll
    static void publish() {
        CoreContext.extend(RuleEngineConfiguration.class, FormEngineConfiguration.class);
        metadata = CoreContext.metadata();
        CoreContext.publishApp(APP,
                json("{\"name\": \"partner\", \"fields\": [{\"name\": \"name\", \"type\": \"text\"}]}"),
                json("""
                        {"name": "sales_order", "fields": [{"name": "partner", "type": "lookup", "target": "partner"},
                          {"name": "channel", "type": "picklist", "values": [{"value": "online"}, {"value": "store"}]},
                          {"name": "store", "type": "text"}, {"name": "notes", "type": "long_text"},
                          {"name": "amount", "type": "currency"}, {"name": "urgent", "type": "boolean"}]}"""),
                json("""
                        {"name": "order_line", "fields": [
                          {"name": "sales_order", "type": "master_detail", "target": "sales_order"},
                          {"name": "sku", "type": "text"}, {"name": "quantity", "type": "integer"},
                          {"name": "price", "type": "currency"}]}"""));
    }

    private static List<String> problems(String form) {
        return metadata.validate(APP, "form", "order_entry", json(form)).stream().map(p -> p.path() + " " + p.code())
                .toList();
    }

    @Test
    void aGoodFormChecksAndSaves() {
        String form = """
                {"name": "order_entry", "object": "sales_order", "label": {"en": "New order", "zh-CN": "新订单"},
                 "roles": ["partner_user"],
                 "layout": [
                   {"type": "section", "label": {"en": "Order"}, "children": [
                     {"type": "field", "field": "partner", "span": {"default": 6, "phone": 12}},
                     {"type": "field", "field": "channel", "widget": "radio", "optionsWhen": {"store": "urgent == false"}},
                     {"type": "field", "field": "store", "visibleWhen": "channel == 'store'", "requiredWhen": "channel == 'store'"},
                     {"type": "field", "field": "urgent", "widget": "switch"},
                     {"type": "text", "text": {"en": "Prices are net of tax."}}]},
                   {"type": "tabs", "children": [
                     {"type": "tab", "label": {"en": "Lines"}, "children": [
                       {"type": "lines", "object": "order_line", "maxLines": 200,
                        "children": [{"type": "field", "field": "sku"}, {"type": "field", "field": "quantity",
                                      "defaultValue": "1"}, {"type": "field", "field": "price", "widget": "money"}],
                        "totals": [{"field": "price", "function": "sum"}]}]},
                     {"type": "tab", "label": {"en": "Notes"}, "children": [
                       {"type": "field", "field": "notes", "widget": "richtext", "readOnlyWhen": "amount > 10000"}]}]}],
                 "rules": [{"name": "store_orders_small", "condition": "channel == 'store' && amount > 5000",
                            "message": "store orders stay under 5,000", "field": "amount"}]}""";
        assertThat(problems(form)).isEmpty();
        assertThat(metadata.saveDraft(ADMIN, APP, "form", "order_entry", json(form), null).version()).isEqualTo(1);
    }

    @Test
    void everyMistakeIsReportedWhereItIs() {
        assertThat(problems("""
                {"name": "order_entry", "object": "sales_order", "layout": [
                   {"type": "field", "field": "colour"},
                   {"type": "field", "field": "amount", "widget": "checkbox"},
                   {"type": "field", "field": "amount"},
                   {"type": "tab", "children": []},
                   {"type": "field", "field": "store", "visibleWhen": "amount"},
                   {"type": "field", "field": "channel", "optionsWhen": {"mail": "true"}},
                   {"type": "lines", "object": "partner", "children": [{"type": "field", "field": "name"}]},
                   {"type": "lines", "object": "order_line", "children": [{"type": "field", "field": "nope"},
                     {"type": "section", "children": []}], "totals": [{"field": "sku", "function": "sum"}]}],
                 "rules": [{"name": "r", "condition": "amount >", "message": "x", "field": "ghost"}]}"""))
                .containsExactlyInAnyOrder(
                        "/layout/0/field field-unknown",
                        "/layout/1/widget form-widget-invalid",
                        "/layout/2/field form-field-duplicate",
                        "/layout/3/type form-element-misplaced",
                        "/layout/4/visibleWhen expression-type-mismatch",
                        "/layout/5/optionsWhen/mail form-option-unknown",
                        "/layout/6/object form-lines-not-detail",
                        "/layout/7/children/0/field field-unknown",
                        "/layout/7/children/1/type form-element-misplaced",
                        "/layout/7/totals/0/field form-total-invalid",
                        "/rules/0/condition expression-syntax",
                        "/rules/0/field field-unknown");
    }

    @Test
    void rulesThatDependOnThemselvesAreACycle() {
        assertThat(problems("""
                {"name": "order_entry", "object": "sales_order", "layout": [
                   {"type": "field", "field": "store", "visibleWhen": "urgent"},
                   {"type": "field", "field": "urgent", "requiredWhen": "channel == 'store'"},
                   {"type": "field", "field": "channel", "readOnlyWhen": "store != ''"},
                   {"type": "field", "field": "amount", "visibleWhen": "amount > 0"}]}"""))
                .containsExactlyInAnyOrder("/layout/0 form-rule-cycle", "/layout/3 form-rule-cycle");
    }
}
