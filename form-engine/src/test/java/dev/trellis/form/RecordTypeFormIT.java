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

/** Several forms per object: by record type (a picklist value) first, then by role; a form serves its types only. */
class RecordTypeFormIT {

    private static final String APP = "record_type_it";
    private static final Actor PARTNER = new Actor(60, "agent", Set.of("partner_user"));
    private static MetadataService metadata;
    private static FormService forms;

    @BeforeAll
    static void publish() {
        CoreContext.extend(RuleEngineConfiguration.class, FormEngineConfiguration.class);
        metadata = CoreContext.metadata();
        forms = CoreContext.get().getBean(FormService.class);
        metadata.saveDraft(ADMIN, APP, "app", APP, json("{\"name\": \"" + APP + "\"}"), null);
        metadata.saveDraft(ADMIN, APP, "object", "sales_order", json("""
                {"name": "sales_order", "fields": [{"name": "title", "type": "text"}, {"name": "rebate", "type": "percent"},
                  {"name": "order_type", "type": "picklist", "values": [{"value": "distributor"}, {"value": "retailer"},
                    {"value": "direct"}]}]}"""), null);
        metadata.saveDraft(ADMIN, APP, "permission_set", "portal", json("""
                {"name": "portal", "objects": {"sales_order": {"create": true, "read": true, "edit": true}}}"""), null);
        metadata.saveDraft(ADMIN, APP, "role", "partner_user", json("{\"name\": \"partner_user\", \"permissionSets\": [\"portal\"]}"), null);
        form("""
                {"name": "distributor_order", "object": "sales_order", "recordTypeField": "order_type",
                 "recordTypes": ["distributor"], "layout": [{"type": "field", "field": "title"}, {"type": "field", "field": "rebate"},
                   {"type": "field", "field": "order_type"}]}""");
        form("""
                {"name": "retail_order", "object": "sales_order", "recordTypeField": "order_type", "roles": ["partner_user"],
                 "recordTypes": ["retailer"], "layout": [{"type": "field", "field": "title"}, {"type": "field", "field": "order_type"}]}""");
        form("""
                {"name": "general", "object": "sales_order", "layout": [{"type": "field", "field": "title"},
                  {"type": "field", "field": "order_type"}]}""");
        metadata.publish(ADMIN, APP, false, null);
    }

    private static void form(String json) {
        metadata.saveDraft(ADMIN, APP, "form", json(json).get("name").stringValue(), json(json), null);
    }

    private static String chosen(Actor actor, String recordType) {
        return forms.render(actor, APP, "sales_order", null, recordType).get("form").stringValue();
    }

    @Test
    void theRecordTypeChoosesTheFormBeforeTheRole() {
        assertThat(chosen(ADMIN, "distributor")).isEqualTo("distributor_order");
        assertThat(chosen(PARTNER, "distributor")).isEqualTo("distributor_order");
        assertThat(chosen(PARTNER, "retailer")).isEqualTo("retail_order");
        assertThat(chosen(ADMIN, "retailer")).as("retail_order is for partner users").isEqualTo("general");
        assertThat(chosen(PARTNER, "direct")).isEqualTo("general");
        assertThat(chosen(PARTNER, null)).isEqualTo("general");
        assertThat(forms.render(ADMIN, APP, "sales_order", null, "distributor").get("recordTypes").get(0).stringValue())
                .isEqualTo("distributor");
    }

    @Test
    void aFormTakesRecordsOfItsTypesOnlyAndGivesItsOneTypeToNewOnes() {
        assertThat(forms.validate(ADMIN, APP, "sales_order", "distributor_order",
                json("{\"values\": {\"title\": \"x\", \"order_type\": \"retailer\"}}")))
                .extracting(p -> p.path() + " " + p.code()).containsExactly("/values/order_type form-record-type-mismatch");
        FormSubmitResult saved = forms.submit(ADMIN, APP, "sales_order", "distributor_order",
                json("{\"values\": {\"title\": \"stock up\", \"rebate\": 3}}"));
        assertThat(saved.record().get("order_type")).isEqualTo("distributor");
    }

    @Test
    void aRecordTypeMustBeAValueOfAPicklist() {
        assertThat(metadata.validate(APP, "form", "bad", json("""
                {"name": "bad", "object": "sales_order", "recordTypeField": "order_type", "recordTypes": ["wholesale"],
                 "layout": []}""")).stream().map(p -> p.path() + " " + p.code()))
                .containsExactly("/recordTypes/0 form-record-type-unknown");
        assertThat(metadata.validate(APP, "form", "bad", json("""
                {"name": "bad", "object": "sales_order", "recordTypeField": "title", "recordTypes": ["x"], "layout": []}"""))
                .stream().map(p -> p.path() + " " + p.code())).containsExactly("/recordTypeField form-record-type-field-invalid");
    }
}
