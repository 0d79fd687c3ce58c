package dev.trellis.core.metadata;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.Problem;
import dev.trellis.core.testing.CoreContext;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad roles, permission sets and sharing settings are refused at save time, each problem at its JSON path. */
class AccessMetadataIT {

    private static final String APP = "acl_meta";
    private static MetadataService metadata;

    @BeforeAll
    static void publish() {
        metadata = CoreContext.metadata();
        CoreContext.publishApp(APP,
                json("""
                        {"name": "partner", "fields": [{"name": "name", "type": "text"},
                          {"name": "tier", "type": "picklist", "values": [{"value": "gold"}]}],
                         "sharing": {"partnerAccount": true}}"""),
                json("""
                        {"name": "sales_order", "fields": [{"name": "partner", "type": "lookup", "target": "partner"},
                          {"name": "amount", "type": "decimal"}],
                         "sharing": {"model": "private", "partnerPath": "partner"}}"""));
        metadata.saveDraft(ADMIN, APP, "permission_set", "orders",
                json("{\"name\": \"orders\", \"objects\": {\"sales_order\": {\"read\": true}}}"), null);
        metadata.saveDraft(ADMIN, APP, "role", "top", json("{\"name\": \"top\"}"), null);
        metadata.saveDraft(ADMIN, APP, "role", "middle", json("{\"name\": \"middle\", \"parent\": \"top\"}"), null);
        metadata.publish(ADMIN, APP, false, null);
    }

    private static List<String> problems(String kind, String name, String document) {
        return metadata.validate(APP, kind, name, json(document)).stream().map(p -> p.path() + " " + p.code()).toList();
    }

    @Test
    void rolesNeedKnownParentsWithoutCyclesAndKnownPermissionSets() {
        assertThat(problems("role", "top", "{\"name\": \"top\", \"parent\": \"middle\"}"))
                .containsExactly("/parent role-hierarchy-cycle");
        assertThat(problems("role", "r", "{\"name\": \"r\", \"parent\": \"ghost\", \"permissionSets\": [\"orders\", \"nope\"]}"))
                .containsExactlyInAnyOrder("/parent role-unknown", "/permissionSets/1 permission-set-unknown");
        assertThat(problems("role", "admin", "{\"name\": \"admin\"}")).contains("/name role-reserved");
    }

    @Test
    void permissionSetsNameRealObjectsAndFieldsAndCoherentPermissions() {
        assertThat(problems("permission_set", "p", """
                {"name": "p", "objects": {
                  "ghost": {"read": true},
                  "sales_order": {"edit": true, "modifyAll": true, "fields": {"secret": "hidden"}}}}"""))
                .containsExactlyInAnyOrder("/objects/ghost object-unknown", "/objects/sales_order/edit permission-incomplete",
                        "/objects/sales_order/modifyAll permission-incomplete",
                        "/objects/sales_order/fields/secret field-unknown");
        assertThat(problems("permission_set", "p", """
                {"name": "p", "objects": {"sales_order": {"read": true, "fields": {"amount": "masked"}}}}"""))
                .containsExactly("/objects/sales_order/fields/amount schema-enum");
    }

    @Test
    void sharingSettingsAreCheckedAgainstTheObjects() {
        List<Problem> found = metadata.validate(APP, "object", "order_line", json("""
                {"name": "order_line", "fields": [{"name": "sales_order", "type": "lookup", "target": "sales_order"},
                  {"name": "qty", "type": "integer"}],
                 "sharing": {"model": "controlled_by_parent", "partnerPath": "sales_order.amount",
                   "partnerPublished": {"field": "qty", "op": "eq", "value": {"$partner": "nope"}},
                   "rules": [{"name": "r", "when": {"field": "ghost", "op": "eq", "value": 1}, "role": "x", "access": "read"},
                             {"name": "r", "when": {"field": "qty", "op": "gt", "value": "many"}, "department": "d",
                              "access": "edit"}]}}"""));
        assertThat(found).extracting(p -> p.path() + " " + p.code()).containsExactlyInAnyOrder(
                "/sharing/model sharing-model-invalid",
                "/sharing/partnerPath partner-path-invalid",
                "/sharing/partnerPublished/value/$partner filter-value-invalid",
                "/sharing/rules/0/when/field field-unknown",
                "/sharing/rules/1/name sharing-rule-duplicate",
                "/sharing/rules/1/when/value value-type-mismatch");
        assertThat(problems("object", "dealer", """
                {"name": "dealer", "fields": [{"name": "name", "type": "text"}], "sharing": {"partnerAccount": true}}"""))
                .containsExactly("/sharing/partnerAccount partner-account-duplicate");
        assertThat(problems("object", "visit", """
                {"name": "visit", "fields": [{"name": "purchase", "type": "lookup", "target": "sales_order"}],
                 "sharing": {"partnerPath": "purchase"}}"""))
                .containsExactly("/sharing/partnerPath partner-path-invalid");
        assertThat(problems("object", "visit", """
                {"name": "visit", "fields": [{"name": "purchase", "type": "lookup", "target": "sales_order"}],
                 "sharing": {"partnerPath": "purchase.partner"}}""")).isEmpty();
    }
}
