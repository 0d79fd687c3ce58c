package dev.trellis.runtime;

import static dev.trellis.core.testing.CoreContext.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.Actor;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.record.RecordQuery;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.security.UserService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The embedded database keeps its data directory: a second start finds what the first one wrote. */
class RestartIT {

    @Test
    void aSecondStartFindsTheFirstStartsRecordsAndAdministrator() throws Exception {
        Path dataDir = Files.createTempDirectory("trellis-restart");
        try {
            long id;
            try (ConfigurableApplicationContext first = start(dataDir)) {
                Actor admin = first.getBean(UserService.class).findByUsername("admin").orElseThrow().actor();
                MetadataService metadata = first.getBean(MetadataService.class);
                metadata.saveDraft(admin, "restart", "app", "restart", json("{\"name\": \"restart\"}"), null);
                metadata.saveDraft(admin, "restart", "object", "note", json(
                        "{\"name\": \"note\", \"fields\": [{\"name\": \"text\", \"type\": \"text\"}]}"), null);
                metadata.publish(admin, "restart", false, null);
                id = (Long) first.getBean(RecordService.class)
                        .create(admin, "restart", "note", json("{\"text\": \"still here\"}")).get("id");
            }
            try (ConfigurableApplicationContext second = start(dataDir)) {
                UserService users = second.getBean(UserService.class);
                assertThat(users.authenticate("admin", "restart-admin-password", null).accepted()).isPresent();
                Actor admin = users.findByUsername("admin").orElseThrow().actor();
                assertThat(second.getBean(RecordService.class).query(admin, "restart", "note", RecordQuery.all())
                        .records()).singleElement().satisfies(r -> {
                            assertThat(r.get("id")).isEqualTo(id);
                            assertThat(r.get("text")).isEqualTo("still here");
                        });
            }
        } finally {
            try (Stream<Path> paths = Files.walk(dataDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir) {
        // command-line arguments outrank application.properties (builder properties would not)
        return new SpringApplicationBuilder(TrellisApplication.class)
                .run("--server.port=0", "--trellis.data-dir=" + dataDir, "--trellis.db.url=",
                        "--trellis.admin.password=restart-admin-password");
    }
}
