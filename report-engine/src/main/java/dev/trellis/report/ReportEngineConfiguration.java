package dev.trellis.report;

import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.security.OperationLog;
import dev.trellis.report.internal.DashboardKind;
import dev.trellis.report.internal.DefaultDashboardService;
import dev.trellis.report.internal.DefaultReportService;
import dev.trellis.report.internal.KpiSnapshots;
import dev.trellis.report.internal.SnapshotScheduler;
import dev.trellis.report.internal.ReportKind;
import dev.trellis.report.internal.ResultCache;
import java.time.Clock;
import java.time.Duration;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
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
    DashboardKind dashboardKind() {
        return new DashboardKind(Clock.systemDefaultZone());
    }

    @Bean
    DefaultReportService reportService(MetadataService metadata, DSLContext dsl, TransactionTemplate tx,
            ResultCache cache, OperationLog log) {
        return new DefaultReportService(metadata, dsl, tx, Clock.systemDefaultZone(), cache, log);
    }

    @Bean
    KpiSnapshots kpiSnapshots(MetadataService metadata, DSLContext dsl, TransactionTemplate tx) {
        return new KpiSnapshots(metadata, dsl, tx, Clock.systemDefaultZone());
    }

    @Bean
    DashboardService dashboardService(MetadataService metadata, DefaultReportService reports, KpiSnapshots snapshots) {
        return new DefaultDashboardService(metadata, reports, snapshots, Clock.systemDefaultZone());
    }

    /** {@code trellis.reports.snapshot-interval} (ISO-8601, PT5M by default; PT0S turns the job off). */
    @Bean
    SnapshotScheduler kpiSnapshotScheduler(DashboardService dashboards, Environment environment) {
        return new SnapshotScheduler(dashboards, environment.getProperty("trellis.reports.snapshot-interval",
                Duration.class, Duration.ofMinutes(5)));
    }
}
