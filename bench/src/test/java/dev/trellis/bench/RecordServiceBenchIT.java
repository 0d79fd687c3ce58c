package dev.trellis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A smoke run of the bench: it proves the bench works end to end on a tiny workload and says nothing
 * about speed, which a shared build machine could not judge anyway. The bench main stops the embedded
 * database when it is done; failsafe gives each test class of this module a JVM of its own.
 */
class RecordServiceBenchIT {

    @Test
    void benchRunsEndToEndAndWritesItsSummary() throws Exception {
        Path results = Path.of("target", "bench-smoke-results.txt");
        Files.deleteIfExists(results);
        // a smoke run must not overwrite the results of a real run
        System.setProperty(RecordServiceBench.RESULTS_PROPERTY, results.toString());
        try {
            RecordServiceBench.main(new String[] {"2000", "1"});
        } finally {
            System.clearProperty(RecordServiceBench.RESULTS_PROPERTY);
        }
        assertThat(Files.readString(results)).contains("read by id", "50-row keyset page", "insert one record",
                "RecordService.bulkCreate (+ audit of 2,000)", "PostgreSQL COPY", "fraction of COPY",
                "partner user vs admin", "raw MVEL/s");
    }
}
