package dev.trellis.runtime.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.trellis.core.db.EmbeddedDatabase;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The database: an external PostgreSQL when {@code trellis.db.url} (env {@code TRELLIS_DB_URL}) is
 * set, otherwise the embedded one with its data under {@code trellis.data-dir} (env
 * {@code TRELLIS_DATA_DIR}, default {@code ./data}), kept across restarts.
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedDatabaseHolder embeddedDatabase(@Value("${trellis.db.url:}") String url,
            @Value("${trellis.data-dir:data}") String dataDir) {
        return new EmbeddedDatabaseHolder(url.isBlank() ? EmbeddedDatabase.start(Path.of(dataDir, "pg")) : null);
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedDatabaseHolder embedded, @Value("${trellis.db.url:}") String url,
            @Value("${trellis.db.username:}") String username, @Value("${trellis.db.password:}") String password,
            @Value("${trellis.db.pool-size:20}") int poolSize) {
        HikariConfig config = new HikariConfig();
        if (embedded.database() != null) {
            config.setJdbcUrl(embedded.database().jdbcUrl());
            config.setUsername(embedded.database().username());
        } else {
            config.setJdbcUrl(url);
            config.setUsername(username);
            config.setPassword(password);
        }
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("trellis");
        return new HikariDataSource(config);
    }

    /** The embedded server when there is one; closed after the pool on shutdown. */
    public record EmbeddedDatabaseHolder(EmbeddedDatabase database) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (database != null) {
                database.close();
            }
        }
    }
}
