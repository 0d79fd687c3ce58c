package dev.trellis.report;

import dev.trellis.core.metadata.MetadataService;
import dev.trellis.report.internal.DefaultReportService;
import dev.trellis.report.internal.ReportKind;
import dev.trellis.report.internal.ResultCache;
import java.time.Clock;
import java.time.Duration;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/** The Spring wiring of the report engine. */
@Configuration(proxyBeanMethods = false)
public class ReportEngineConfiguration {

    @Bean
    ReportKind reportKind() {
        return new ReportKind(Clock.systemDefaultZone());
    }

    @Bean
    ResultCache reportResultCache(DSLContext dsl) {
        return new ResultCache(dsl, Clock.systemDefaultZone(), Duration.ofMinutes(10), 2_000);
    }

    @Bean
    ReportService reportService(MetadataService metadata, DSLContext dsl, TransactionTemplate tx, ResultCache cache) {
        return new DefaultReportService(metadata, dsl, tx, Clock.systemDefaultZone(), cache);
    }
}
