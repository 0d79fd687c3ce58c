package dev.trellis.data;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.Actor;
import dev.trellis.core.ForbiddenException;
import dev.trellis.core.NotFoundException;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.testing.CoreContext;
import dev.trellis.rule.RuleEngineConfiguration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Likely duplicate partners are found by key, name and phone, and similar names; a merge re-points and removes. */
class DuplicateIT {

    private static final String APP = "dedup_it";
    private static RecordService records;
    private static DuplicateService duplicates;

    @BeforeAll
    static void publish() {
        CoreContext.extend(RuleEngineConfiguration.class, DataEngineConfiguration.class);
        CoreContext.publishApp(APP, json("""
                {"name": "partner", "nameField": "name", "fields": [{"name": "name", "type": "text"},
                  {"name": "tax_id", "type": "text"}, {"name": "phone", "type": "phone"}, {"name": "city", "type": "text"}]}"""),
                json("""
                {"name": "sales_order", "fields": [{"name": "partner", "type": "lookup", "target": "partner"},
                  {"name": "amount", "type": "currency"}]}"""));
        CoreContext.metadata().saveDraft(ADMIN, APP, "permission_set", "readers", json("""
                {"name": "readers", "objects": {"partner": {"read": true, "edit": true}}}"""), null);
        CoreContext.metadata().saveDraft(ADMIN, APP, "role", "reader", json("{\"name\": \"reader\", \"permissionSets\": [\"readers\"]}"), null);
        CoreContext.metadata().publish(ADMIN, APP, false, "roles");
        records = CoreContext.records();
        duplicates = CoreContext.get().getBean(DuplicateService.class);
    }

    private static long partner(String name, String taxId, String phone, String city) {
        return (Long) records.create(ADMIN, APP, "partner", json("{\"name\": \"" + name + "\", \"tax_id\": "
                + (taxId == null ? "null" : "\"" + taxId + "\"") + ", \"phone\": " + (phone == null ? "null" : "\"" + phone + "\"")
                + ", \"city\": " + (city == null ? "null" : "\"" + city + "\"") + "}")).get("id");
    }

    @Test
    void candidatesAreFoundByKeyByNameAndPhoneAndBySimilarNames() {
        long a = partner("上海华东贸易有限公司", "91310000-MA1X", "021-1234 5678", null);
        long b = partner("上海华东贸易公司", "91310000MA1X", null, "上海");
        long c = partner("Acme Trading Co., Ltd.", null, "+86 21 5555 0000", null);
        long d = partner("ACME Trading", null, "8621 5555 0000", null);
        long e = partner("Acme Tradng", null, null, null);
        partner("Unrelated Retail", null, null, null);
        List<DuplicateCandidate> found = duplicates.find(ADMIN, APP, "partner",
                new DuplicateRules(List.of("tax_id"), null, "phone", 0.5, null));
        assertThat(found).extracting(p -> p.first().get("id") + "-" + p.second().get("id") + " " + p.reasons())
                .contains(a + "-" + b + " [same tax_id, same name]", c + "-" + d + " [same name and phone, same name]")
                .anyMatch(s -> s.startsWith(d + "-" + e + " [similar name"));
        assertThat(found).noneMatch(p -> p.reasons().toString().contains("Unrelated")
                || p.first().get("name").equals("Unrelated Retail") || p.second().get("name").equals("Unrelated Retail"));
    }

    @Test
    void aMergeRepointsEveryLookupFillsBlanksAndRemovesTheDuplicate() {
        long keep = partner("Merge Keep", "M-1", null, null);
        long gone = partner("Merge Keep Ltd", "M-1", "021 5555 1111", "Hangzhou");
        long order = (Long) records.create(ADMIN, APP, "sales_order", json("{\"partner\": " + gone + ", \"amount\": 5}")).get("id");
        MergeResult result = duplicates.merge(ADMIN, APP, "partner", keep, gone, true);
        assertThat(result.repointed()).containsEntry("sales_order.partner", 1);
        assertThat(result.filled()).containsExactly("phone", "city");
        assertThat(records.get(ADMIN, APP, "sales_order", order, Set.of()).get("partner")).isEqualTo(keep);
        assertThat(records.get(ADMIN, APP, "partner", keep, Set.of()).get("city")).isEqualTo("Hangzhou");
        assertThatThrownBy(() -> records.get(ADMIN, APP, "partner", gone, Set.of())).isInstanceOf(NotFoundException.class);
        assertThat(records.history(ADMIN, APP, "sales_order", order, "partner", 10, null).entries()).hasSize(2);
        assertThat(records.history(ADMIN, APP, "partner", gone, null, 10, null).entries().get(0).action().toString())
                .containsIgnoringCase("delete");
    }

    @Test
    void mergingNeedsEditAndDeletePermission() {
        long keep = partner("Perm Keep", null, null, null);
        long gone = partner("Perm Gone", null, null, null);
        Actor reader = new Actor(7, "reader", Set.of("reader"));
        assertThatThrownBy(() -> duplicates.merge(reader, APP, "partner", keep, gone, false))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("needs edit and delete permission");
        assertThat(records.get(ADMIN, APP, "partner", gone, Set.of())).isNotNull();
    }
}
