package dev.trellis.core.security;

import static dev.trellis.core.security.SecurityFixtures.entriesFor;
import static dev.trellis.core.security.SecurityFixtures.operationLog;
import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.CLERK;
import static dev.trellis.core.testing.CoreContext.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.ForbiddenException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.testing.CoreContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The operation log: keyset pages for administrators, and publishes that change permissions. */
class OperationLogIT {

    private static final OperationLog LOG = CoreContext.get().getBean(OperationLog.class);

    @Test
    void administratorsPageThroughTheLogNewestFirstFilteredByActionOrFamily() {
        for (int i = 0; i < 5; i++) {
            LOG.record(ADMIN, "export.records", "paging/" + i, Map.of("n", i));
        }
        LOG.record(ADMIN, "exportish", "paging/other", Map.of());

        List<OperationLogEntry> seen = new ArrayList<>();
        Long before = null;
        do {
            OperationLogPage page = operationLog().read(ADMIN, "export", 2, before);
            assertThat(page.entries()).hasSizeLessThanOrEqualTo(2);
            seen.addAll(page.entries());
            before = page.before();
        } while (before != null);
        List<String> targets = seen.stream().map(OperationLogEntry::target).filter(t -> t.startsWith("paging/")).toList();
        assertThat(targets).containsExactly("paging/4", "paging/3", "paging/2", "paging/1", "paging/0");
        assertThat(seen).extracting(OperationLogEntry::id).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(operationLog().read(ADMIN, "export.records", 500, null).entries())
                .allMatch(e -> e.action().equals("export.records"));
        assertThat(seen.get(0).detail().get("n").asInt()).isEqualTo(4);
    }

    @Test
    void onlyAdministratorsReadTheLogAndTheLimitIsBounded() {
        assertThatThrownBy(() -> operationLog().read(CLERK, null, 10, null)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> operationLog().read(ADMIN, null, 0, null))
                .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.problems().get(0).path())
                        .isEqualTo("/limit"));
        assertThatThrownBy(() -> operationLog().read(ADMIN, null, 501, null)).isInstanceOf(InvalidException.class);
    }

    @Test
    void aPublishTouchingRolesOrObjectsIsLoggedWithItsItemsAndOneTouchingNeitherIsNot() {
        String app = "sec_publog";
        MetadataService metadata = CoreContext.metadata();
        metadata.saveDraft(ADMIN, app, "app", app, json("{\"name\": \"" + app + "\"}"), null);
        metadata.saveDraft(ADMIN, app, "object", "deal", json("{\"name\": \"deal\", \"fields\": []}"), null);
        metadata.saveDraft(ADMIN, app, "role", "sales_rep", json("{\"name\": \"sales_rep\"}"), null);
        metadata.publish(ADMIN, app, false, null);

        List<OperationLogEntry> entries = entriesFor(app);
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("permissions.publish");
            assertThat(e.actor()).isEqualTo("admin");
            assertThat(e.detail().get("generation").asInt()).isEqualTo(1);
            assertThat(e.detail().get("items").valueStream().map(OperationLogIT::item).toList())
                    .containsExactly("object/deal v1", "role/sales_rep v1");
        });

        metadata.saveDraft(ADMIN, app, "app", app, json("{\"name\": \"" + app + "\", \"description\": \"x\"}"), null);
        metadata.publish(ADMIN, app, false, null);
        assertThat(entriesFor(app)).hasSize(1);

        metadata.deleteDraft(ADMIN, app, "role", "sales_rep", null);
        metadata.publish(ADMIN, app, false, null);
        assertThat(entriesFor(app).get(0).detail().get("items")).singleElement().satisfies(item -> {
            assertThat(item(item)).isEqualTo("role/sales_rep v2");
            assertThat(item.get("deleted").asBoolean()).isTrue();
        });
    }

    private static String item(JsonNode item) {
        return item.get("kind").asString() + "/" + item.get("name").asString() + " v" + item.get("version").asInt();
    }
}
