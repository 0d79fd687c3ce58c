package dev.trellis.rule.trigger.internal;

import dev.trellis.rule.trigger.WebhookDispatcher;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The background side of webhook delivery: one thread that runs the dispatcher every poll interval (for
 * retries that came due) and at once when woken after a write that queued a webhook commits. Runs while the
 * application context does; a poll interval of zero keeps it from starting.
 */
public final class WebhookPoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookPoller.class);

    private final WebhookDispatcher dispatcher;
    private final Supplier<WebhookSettings> settings;
    private final Semaphore wake = new Semaphore(0);
    private volatile Thread thread;

    public WebhookPoller(WebhookDispatcher dispatcher, Supplier<WebhookSettings> settings) {
        this.dispatcher = dispatcher;
        this.settings = settings;
    }

    /** Asks for a round now (after a commit that queued a webhook); a no-op when not running. */
    public void wake() {
        wake.release();
    }

    @Override
    public synchronized void start() {
        if (thread != null || settings.get().pollInterval().isZero() || settings.get().pollInterval().isNegative()) {
            return;
        }
        Thread t = new Thread(this::run, "trellis-webhooks");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void run() {
        while (thread == Thread.currentThread()) {
            try {
                Duration interval = settings.get().pollInterval();
                wake.tryAcquire(Math.max(1, interval.toMillis()), TimeUnit.MILLISECONDS);
                wake.drainPermits();
                // a full batch may mean more are waiting
                while (dispatcher.deliverDue() >= WebhookSettings.BATCH && thread == Thread.currentThread()) {
                    Thread.onSpinWait();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("webhook delivery round failed; trying again in the next round", e);
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
