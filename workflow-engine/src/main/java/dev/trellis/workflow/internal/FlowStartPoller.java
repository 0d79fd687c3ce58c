package dev.trellis.workflow.internal;

import dev.trellis.workflow.WorkflowService;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the flows that trigger actions asked for: every {@code trellis.workflow.poll-interval} (PT2S; PT0S
 * turns it off) it takes the due {@code flow.start} events of the outbox, each in a transaction of its own,
 * until fewer than a batch are waiting.
 */
public final class FlowStartPoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FlowStartPoller.class);
    private static final int BATCH = 50;

    private final WorkflowService workflows;
    private final Duration interval;
    private ScheduledExecutorService executor;

    public FlowStartPoller(WorkflowService workflows, Duration interval) {
        this.workflows = workflows;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        if (executor != null || interval.isZero() || interval.isNegative()) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("trellis-flow-starts")
                .factory());
        executor.scheduleWithFixedDelay(this::round, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void round() {
        try {
            while (workflows.startRequested(BATCH) >= BATCH && !Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
            }
        } catch (RuntimeException e) {
            log.warn("starting requested flows failed; trying again in the next round", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
