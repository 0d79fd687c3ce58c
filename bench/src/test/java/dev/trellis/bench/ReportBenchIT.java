package dev.trellis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A smoke run of the report bench on a tiny table: it works end to end and both sides agree; no speed claim. */
class ReportBenchIT {

    @Test
    void benchRunsEndToEndAndBothSidesReturnTheSameRows() throws Exception {
        Path results = Path.of("target", "reports-bench-smoke-results.txt");
        Files.deleteIfExists(results);
        System.setProperty(RecordServiceBench.RESULTS_PROPERTY, results.toString());
        try {
            ReportBench.main(new String[] {"20000", "1"});
        } finally {
            System.clearProperty(RecordServiceBench.RESULTS_PROPERTY);
        }
        assertThat(Files.readString(results)).contains("20,000 order lines", "ratio engine / hand-written",
                "same rows: yes", "cached run");
    }
}
