package dev.trellis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A smoke run of the data bench on a tiny file: it works end to end; it says nothing about speed. */
class DataBenchIT {

    @Test
    void benchImportsBothFilesAndWritesItsSummary() throws Exception {
        Path results = Path.of("target", "data-bench-smoke-results.txt");
        Files.deleteIfExists(results);
        System.setProperty(RecordServiceBench.RESULTS_PROPERTY, results.toString());
        try {
            DataBench.main(new String[] {"3000"});
        } finally {
            System.clearProperty(RecordServiceBench.RESULTS_PROPERTY);
        }
        assertThat(Files.readString(results)).contains("RecordService.bulkCreate", "import CSV", "import xlsx",
                "rows stored: bulk 3,000, CSV 3,000, xlsx 3,000");
    }
}
