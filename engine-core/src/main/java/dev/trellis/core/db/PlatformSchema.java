package dev.trellis.core.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Creates and upgrades the platform's own tables ({@code trellis_meta}, {@code trellis_sys}) with Flyway. */
public final class PlatformSchema {

    private PlatformSchema() {
    }

    public static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/trellis")
                .schemas("trellis_sys", "trellis_meta")
                .defaultSchema("trellis_sys")
                .createSchemas(true)
                .load()
                .migrate();
    }
}
