package dev.trellis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A smoke run of the rule bench on a tiny workload: it works end to end; it says nothing about speed. */
class RuleBenchIT {

    @Test
    void benchRunsEndToEndAndWritesItsSummary() throws Exception {
        Path results = Path.of("target", "rules-bench-smoke-results.txt");
        Files.deleteIfExists(results);
        System.setProperty(RecordServiceBench.RESULTS_PROPERTY, results.toString());
        try {
            RuleBench.main(new String[] {"2000", "1"});
        } finally {
            System.clearProperty(RecordServiceBench.RESULTS_PROPERTY);
        }
        assertThat(Files.readString(results)).contains("raw MVEL/s", "full recompute, first",
                "open lines after the writes equal a full recompute's: yes");
    }
}
