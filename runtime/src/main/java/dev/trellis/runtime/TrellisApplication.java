package dev.trellis.runtime;

import dev.trellis.core.EngineCoreConfiguration;
import dev.trellis.data.DataEngineConfiguration;
import dev.trellis.form.FormEngineConfiguration;
import dev.trellis.report.ReportEngineConfiguration;
import dev.trellis.rule.RuleEngineConfiguration;
import dev.trellis.workflow.WorkflowEngineConfiguration;
import dev.trellis.core.json.Json;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.json.JsonMapper;

/** Starts Trellis: {@code java -jar runtime.jar}, or {@code ./trellis start} from a checkout. */
@SpringBootApplication
@Import({EngineCoreConfiguration.class, RuleEngineConfiguration.class, FormEngineConfiguration.class,
        WorkflowEngineConfiguration.class, ReportEngineConfiguration.class, DataEngineConfiguration.class})
public class TrellisApplication {

    public static void main(String[] args) {
        SpringApplication.run(TrellisApplication.class, args);
    }

    /** The web layer reads and writes JSON exactly as the engines do (decimals stay exact). */
    @Bean
    JsonMapper jsonMapper() {
        return Json.MAPPER;
    }
}
