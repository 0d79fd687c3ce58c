package dev.trellis.core.schema;

import java.util.List;

/**
 * One change to the database in a migration plan, as shown before it is applied: what it does, to
 * which object and field, whether it is destructive (drops or narrows; needs confirmation), and the
 * SQL it runs.
 */
public record MigrationStep(Action action, String object, String field, String description, boolean destructive,
        List<String> sql) {

    public enum Action {
        CREATE_SCHEMA, CREATE_TABLE, ARCHIVE_TABLE, ADD_COLUMN, WIDEN_COLUMN, RETYPE_COLUMN, ARCHIVE_COLUMN,
        ADD_UNIQUE, DROP_UNIQUE, ADD_FOREIGN_KEY, DROP_FOREIGN_KEY, CREATE_INDEX, DROP_INDEX, CREATE_SEQUENCE,
        COMPUTE_ROLLUP, METADATA_ONLY
    }

    public MigrationStep {
        sql = List.copyOf(sql);
    }
}
