package dev.trellis.core.security.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.trellis.core.Actor;
import dev.trellis.core.NotFoundException;
import dev.trellis.core.Problem;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.storage.StorageNames;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.impl.SQLDataType;

/**
 * Checks that a partner account names a real partner: a record of a published app's object that is
 * marked as the partner account in its sharing. A partner user pointing nowhere would see nothing or,
 * worse, another partner's records once an id is reused.
 */
final class PartnerAccounts {

    private final MetadataService metadata;
    private final DSLContext dsl;

    PartnerAccounts(MetadataService metadata, DSLContext dsl) {
        this.metadata = metadata;
        this.dsl = dsl;
    }

    /** Every problem of a partner account, under {@code path} ({@code /partner}). */
    List<Problem> problems(Actor.PartnerAccount partner, String path) {
        if (partner.app() == null || partner.app().isBlank()) {
            return List.of(Problem.of("partner-app-required", path + "/app", "name the app of the partner account"));
        }
        PublishedApp app;
        try {
            app = metadata.published(partner.app());
        } catch (NotFoundException e) {
            return List.of(Problem.of("partner-app-not-published", path + "/app",
                    "app '" + partner.app() + "' does not exist or was never published"));
        }
        List<ObjectDefinition> accounts = app.objects().values().stream()
                .filter(o -> o.sharing().partnerAccount()).toList();
        if (accounts.isEmpty()) {
            return List.of(Problem.of("partner-account-object-missing", path + "/app",
                    "app '" + partner.app() + "' has no object marked as the partner account"));
        }
        boolean exists = accounts.stream().anyMatch(o -> dsl.fetchExists(
                table(StorageNames.table(partner.app(), o.name())), field(name("id"), SQLDataType.BIGINT).eq(partner.id())));
        if (!exists) {
            return List.of(Problem.of("partner-account-not-found", path + "/id", "no partner account "
                    + partner.id() + " in app '" + partner.app() + "'"));
        }
        return List.of();
    }
}
