package dev.trellis.core.metadata;

import dev.trellis.core.schema.MigrationPlan;
import java.util.List;

/** What a publish did: the app's new generation, the items it made live and the migration applied. */
public record PublishResult(String app, int generation, List<String> published, MigrationPlan plan) {
}
