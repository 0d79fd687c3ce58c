package dev.trellis.core.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.trellis.core.db.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The one embedded PostgreSQL of a test JVM, started on first use in a fresh directory under the
 * build's temp dir and stopped when the JVM exits. Tests isolate themselves by app name, not by database.
 */
public final class TestDatabase {

    private static EmbeddedDatabase database;
    private static HikariDataSource dataSource;

    private TestDatabase() {
    }

    public static synchronized DataSource dataSource() {
        if (dataSource == null) {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "trellis-test-pg-" + ProcessHandle.current().pid(),
                    "data");
            deleteRecursively(dir.getParent());
            database = EmbeddedDatabase.start(dir);
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(database.jdbcUrl());
            config.setUsername(database.username());
            config.setMaximumPoolSize(10);
            dataSource = new HikariDataSource(config);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                dataSource.close();
                try {
                    database.close();
                } catch (IOException e) {
                    // the JVM is going away anyway
                }
                deleteRecursively(dir.getParent());
            }));
        }
        return dataSource;
    }

    public static EmbeddedDatabase database() {
        dataSource();
        return database;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
