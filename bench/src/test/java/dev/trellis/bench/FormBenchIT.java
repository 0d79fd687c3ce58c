package dev.trellis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A smoke run of the form bench on a tiny order: it proves the bench works end to end, not how fast it is. */
class FormBenchIT {

    @Test
    void benchRunsEndToEndAndWritesItsSummary() throws Exception {
        Path results = Path.of("target", "forms-bench-smoke-results.txt");
        Files.deleteIfExists(results);
        System.setProperty(RecordServiceBench.RESULTS_PROPERTY, results.toString());
        try {
            FormBench.main(new String[] {"5", "3"});
        } finally {
            System.clearProperty(RecordServiceBench.RESULTS_PROPERTY);
        }
        assertThat(Files.readString(results)).contains("FormService.submit: validate + save, 5 lines",
                "baseline: RecordService create + bulkCreate", "submit / baseline", "compiles a 100-field form",
                "compiled form cached");
    }
}
