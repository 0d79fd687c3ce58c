package dev.trellis.workflow.internal;

import dev.trellis.workflow.WorkflowService;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the flows that trigger actions asked for: every {@code trellis.workflow.poll-interval} (PT2S; PT0S
 * turns it off) it takes the due {@code flow.start} events of the outbox, each in a transaction of its own.
 */
public final class FlowStartPoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FlowStartPoller.class);
    private static final int BATCH = 50;

    private final WorkflowService workflows;
    private final Duration interval;
    private volatile Thread thread;

    public FlowStartPoller(WorkflowService workflows, Duration interval) {
        this.workflows = workflows;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        if (thread != null || interval.isZero() || interval.isNegative()) {
            return;
        }
        Thread t = new Thread(this::run, "trellis-flow-starts");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void run() {
        while (thread == Thread.currentThread()) {
            try {
                Thread.sleep(interval.toMillis());
                while (workflows.startRequested(BATCH) >= BATCH && thread == Thread.currentThread()) {
                    Thread.onSpinWait();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("starting requested flows failed; trying again in the next round", e);
            }
        }
    }

    @Override
    public synchronized void stop() {
        Thread t = thread;
        thread = null;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
