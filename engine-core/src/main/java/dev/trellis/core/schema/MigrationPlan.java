package dev.trellis.core.schema;

import java.util.List;

/** The database changes that publishing an app's drafts makes, in the order they run. */
public record MigrationPlan(String app, int fromGeneration, int toGeneration, List<MigrationStep> steps) {

    public MigrationPlan {
        steps = List.copyOf(steps);
    }

    public boolean destructive() {
        return steps.stream().anyMatch(MigrationStep::destructive);
    }
}
