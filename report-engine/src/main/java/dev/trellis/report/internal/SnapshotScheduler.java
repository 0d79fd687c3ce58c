package dev.trellis.report.internal;

import dev.trellis.report.DashboardService;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Runs the KPI snapshot job every interval on Spring's task scheduler while the context runs; the job's row
 * lock keeps nodes from doubling up. The first round comes one interval after start, so a starting node
 * does not compete with requests; an interval of zero keeps it off.
 */
public final class SnapshotScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SnapshotScheduler.class);

    private final DashboardService dashboards;
    private final Duration interval;
    private ThreadPoolTaskScheduler scheduler;

    public SnapshotScheduler(DashboardService dashboards, Duration interval) {
        this.dashboards = dashboards;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        if (scheduler != null || interval.isZero() || interval.isNegative()) {
            return;
        }
        ThreadPoolTaskScheduler s = new ThreadPoolTaskScheduler();
        s.setThreadNamePrefix("trellis-kpi-snapshots-");
        s.setDaemon(true);
        s.initialize();
        s.scheduleWithFixedDelay(this::round, Instant.now().plus(interval), interval);
        scheduler = s;
    }

    private void round() {
        try {
            int taken = dashboards.takeDueSnapshots();
            if (taken > 0) {
                log.info("took {} KPI snapshots", taken);
            }
        } catch (RuntimeException e) {
            log.warn("KPI snapshot round failed; trying again next round", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdown();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
