package dev.trellis.form;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.Actor;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.testing.CoreContext;
import dev.trellis.rule.RuleEngineConfiguration;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The render model: the right form for the viewer, with only the fields they may see, editable as they may. */
class RenderModelIT {

    private static final String APP = "render_it";
    private static FormService forms;

    @BeforeAll
    static void publish() {
        CoreContext.extend(RuleEngineConfiguration.class, FormEngineConfiguration.class);
        MetadataService metadata = CoreContext.metadata();
        forms = CoreContext.get().getBean(FormService.class);
        metadata.saveDraft(ADMIN, APP, "app", APP, json("{\"name\": \"" + APP + "\"}"), null);
        metadata.saveDraft(ADMIN, APP, "object", "sales_order", json("""
                {"name": "sales_order", "label": {"en": "Order"}, "fields": [
                  {"name": "order_no", "type": "auto_number", "pattern": "SO-{0000}"},
                  {"name": "channel", "type": "picklist", "values": [{"value": "online"}, {"value": "store"}]},
                  {"name": "amount", "type": "currency", "required": true}, {"name": "cost", "type": "currency"},
                  {"name": "discount", "type": "percent"}]}"""), null);
        metadata.saveDraft(ADMIN, APP, "object", "order_line", json("""
                {"name": "order_line", "pluralLabel": {"en": "Lines"}, "fields": [
                  {"name": "sales_order", "type": "master_detail", "target": "sales_order"},
                  {"name": "quantity", "type": "integer"}]}"""), null);
        metadata.saveDraft(ADMIN, APP, "permission_set", "reps", json("""
                {"name": "reps", "objects": {"sales_order": {"create": true, "read": true, "edit": true,
                  "fields": {"cost": "hidden", "discount": "read_only"}}, "order_line": {"read": true}}}"""), null);
        metadata.saveDraft(ADMIN, APP, "role", "rep", json("{\"name\": \"rep\", \"permissionSets\": [\"reps\"]}"), null);
        metadata.saveDraft(ADMIN, APP, "form", "partner_entry", json("""
                {"name": "partner_entry", "object": "sales_order", "roles": ["partner_user"], "layout": [
                  {"type": "field", "field": "amount"}]}"""), null);
        metadata.saveDraft(ADMIN, APP, "form", "rep_entry", json("""
                {"name": "rep_entry", "object": "sales_order", "roles": ["rep"], "layout": [
                  {"type": "section", "label": {"en": "Order"}, "children": [
                    {"type": "field", "field": "channel", "widget": "radio", "span": {"default": 4}},
                    {"type": "field", "field": "amount", "visibleWhen": "channel == 'store'"},
                    {"type": "field", "field": "cost"}, {"type": "field", "field": "discount"}]},
                  {"type": "lines", "object": "order_line", "children": [{"type": "field", "field": "quantity"}],
                   "totals": [{"field": "quantity", "function": "sum"}]}]}"""), null);
        metadata.publish(ADMIN, APP, false, null);
    }

    @Test
    void aRepGetsTheirFormWithoutHiddenFieldsAndWithReadOnlyOnes() {
        JsonNode model = forms.render(new Actor(50, "rep", Set.of("rep")), APP, "sales_order", null);
        assertThat(model.get("form").stringValue()).isEqualTo("rep_entry");
        JsonNode section = model.get("layout").get(0);
        assertThat(section.get("children")).extracting(f -> f.get("field").stringValue())
                .containsExactly("channel", "amount", "discount");
        assertThat(section.get("children").get(0).get("widget").stringValue()).isEqualTo("radio");
        assertThat(section.get("children").get(0).get("span").get("phone").intValue()).isEqualTo(12);
        assertThat(section.get("children").get(1).get("visibleWhen").stringValue()).isEqualTo("channel == 'store'");
        assertThat(section.get("children").get(1).get("required").booleanValue()).isTrue();
        assertThat(section.get("children").get(2).get("readOnly").booleanValue()).isTrue();
        JsonNode lines = model.get("layout").get(1);
        assertThat(lines.get("via").stringValue()).isEqualTo("sales_order");
        assertThat(lines.get("editable").booleanValue()).isFalse();
        assertThat(lines.get("totals").get(0).get("function").stringValue()).isEqualTo("sum");
    }

    @Test
    void withoutADesignedFormTheDefaultFormShowsEveryFieldAndTheLines() {
        JsonNode model = forms.render(ADMIN, APP, "order_line", null);
        assertThat(model.get("form").stringValue()).isEqualTo("default");
        JsonNode admins = forms.render(ADMIN, APP, "sales_order", "rep_entry");
        assertThat(admins.get("layout").get(0).get("children")).hasSize(4); // the admin sees the cost too
        JsonNode anyone = forms.render(new Actor(51, "clerk", Set.of("clerk")), APP, "sales_order", null);
        assertThat(anyone.get("form").stringValue()).isEqualTo("default");
        JsonNode byAdmin = forms.render(ADMIN, APP, "sales_order", null);
        assertThat(byAdmin.get("form").stringValue()).isEqualTo("default");
        assertThat(byAdmin.get("layout").get(0).get("children")).extracting(f -> f.get("field").stringValue())
                .containsExactly("order_no", "channel", "amount", "cost", "discount");
        assertThat(byAdmin.get("layout").get(0).get("children").get(0).get("readOnly").booleanValue()).isTrue();
        assertThat(byAdmin.get("layout").get(1).get("object").stringValue()).isEqualTo("order_line");
    }
}
