package dev.trellis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The workflow bench at a tiny size: it runs end to end and writes its summary (in a JVM of its own). */
class WorkflowBenchIT {

    @Test
    void benchRunsEndToEndAndWritesItsSummary() throws Exception {
        Path results = Path.of("target", "workflow-bench-smoke-results.txt");
        Files.deleteIfExists(results);
        System.setProperty(WorkflowBench.RESULTS_PROPERTY, results.toString());
        try {
            WorkflowBench.main(new String[] {"50", "60"});
        } finally {
            System.clearProperty(WorkflowBench.RESULTS_PROPERTY);
        }
        assertThat(Files.readString(results)).contains("instances/s", "inbox first page (20 of 60 open tasks",
                "WorkflowService.inbox", "hand-written task query");
    }
}
