package dev.trellis.core.metadata;

import dev.trellis.core.Actor;
import dev.trellis.core.Problem;
import dev.trellis.core.schema.MigrationPlan;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The versioned metadata store. Saving makes a new immutable draft version; publishing validates all
 * of an app's drafts together, migrates its schema in the same transaction and makes them live as a
 * new generation. Nothing here changes a running app until {@link #publish}.
 */
public interface MetadataService {

    /** Every problem of a document (JSON Schema, then semantics against the app's other items). */
    List<Problem> validate(String app, String kind, String name, JsonNode document);

    /** Saves a new draft version; throws {@code InvalidException} with every problem if invalid. */
    MetadataVersion saveDraft(Actor actor, String app, String kind, String name, JsonNode document, String comment);

    /** Saves a draft that removes the item when published. */
    MetadataVersion deleteDraft(Actor actor, String app, String kind, String name, String comment);

    /** The latest version (draft or published) of an item. */
    MetadataVersion getLatest(String app, String kind, String name);

    Optional<MetadataVersion> findPublished(String app, String kind, String name);

    MetadataVersion getVersion(String app, String kind, String name, int version);

    /** Every version, newest first. */
    List<MetadataVersion> history(String app, String kind, String name);

    /** The latest version of each item of a kind in an app (drafts included). */
    List<MetadataVersion> list(String app, String kind);

    List<JsonChange> diff(String app, String kind, String name, int fromVersion, int toVersion);

    /** Saves an old version's content as a new draft; publish to make it live. */
    MetadataVersion rollback(Actor actor, String app, String kind, String name, int toVersion, String comment);

    /** What publishing the app's drafts now would change in the database. */
    MigrationPlan plan(String app);

    /**
     * Publishes every draft of the app. A plan with destructive steps is refused with a conflict
     * unless {@code confirmDestructive}; even then old data stays in archived columns and tables.
     */
    PublishResult publish(Actor actor, String app, boolean confirmDestructive, String comment);

    /** The app's current published generation; not-found if it was never published. */
    PublishedApp published(String app);

    /** Names of apps that have metadata. */
    List<String> apps();
}
