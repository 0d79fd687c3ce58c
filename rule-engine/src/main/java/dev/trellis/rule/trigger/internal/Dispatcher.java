package dev.trellis.rule.trigger.internal;

import dev.trellis.rule.trigger.OutboxEvent;
import dev.trellis.rule.trigger.WebhookDispatcher;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due webhooks: claims a batch with a lease, posts each (concurrently, on virtual threads) with its
 * signature, and logs every attempt. A 2xx response delivers; anything else — another status, a timeout, a
 * refused connection, a missing secret — is retried with backoff until the attempts are spent. An address
 * the settings do not allow is refused for good: retrying would not change where the name points.
 */
public final class Dispatcher implements WebhookDispatcher, AutoCloseable {

    private static final int RESPONSE_EXCERPT = 1_000;

    private final OutboxStore store;
    private final SecretStore secrets;
    private final Supplier<WebhookSettings> settings;
    private final Clock clock;
    private final HttpClient http;
    private final TransactionTemplate outside;

    public Dispatcher(org.jooq.DSLContext dsl, PlatformTransactionManager transactions, SecretStore secrets,
            Supplier<WebhookSettings> settings, Clock clock) {
        this.store = new OutboxStore(dsl);
        // a caller inside a transaction must not see (and send) what that transaction has not committed yet
        this.outside = new TransactionTemplate(transactions);
        outside.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
        this.secrets = secrets;
        this.settings = settings;
        this.clock = clock;
        // redirects are not followed: a redirect could lead past the address check
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.get().timeout()).build();
    }

    @Override
    public int deliverDue() {
        Integer attempted = outside.execute(status -> deliverDueNow());
        return attempted == null ? 0 : attempted;
    }

    private int deliverDueNow() {
        WebhookSettings now = settings.get();
        List<OutboxStore.Claimed> claimed = store.claim(OutboxEvent.WEBHOOK, WebhookSettings.BATCH,
                OffsetDateTime.now(clock).plus(now.lease()));
        if (claimed.size() == 1) {
            deliver(claimed.getFirst(), now);
        } else if (!claimed.isEmpty()) {
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                claimed.forEach(event -> threads.submit(() -> deliver(event, now)));
            }
        }
        return claimed.size();
    }

    private void deliver(OutboxStore.Claimed event, WebhookSettings settings) {
        long started = System.nanoTime();
        try {
            URI url = URI.create(event.url());
            if (!settings.allowPrivateAddresses()) {
                Optional<String> refusal = AddressPolicy.refusal(url.getHost());
                if (refusal.isPresent()) {
                    store.settle(event.id(), event.attempt(), null, "address refused: " + refusal.get()
                            + " (trellis.webhooks.allow-private-addresses is off)", millis(started), null,
                            OutboxEvent.FAILED, null);
                    return;
                }
            }
            Optional<String> secret = secrets.find(event.app(), event.secretName());
            if (secret.isEmpty()) {
                retry(event, settings, null, "webhook secret '" + event.secretName() + "' of app '" + event.app()
                        + "' is not set", started, null);
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(url)
                    .timeout(settings.timeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Trellis-Webhook/1")
                    .header("X-Trellis-Event-Id", event.eventId().toString())
                    .header(WebhookSignature.HEADER, WebhookSignature.header(secret.get(),
                            clock.instant().getEpochSecond(), event.payload()))
                    .POST(HttpRequest.BodyPublishers.ofString(event.payload(), StandardCharsets.UTF_8));
            if ("http".equalsIgnoreCase(url.getScheme())) {
                request.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade dance with plain-HTTP receivers
            }
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String excerpt = excerpt(response.body());
            int status = response.statusCode();
            if (status >= 200 && status <= 299) {
                store.settle(event.id(), event.attempt(), status, null, millis(started), excerpt, OutboxEvent.DONE, null);
            } else {
                retry(event, settings, status, null, started, excerpt);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            retry(event, settings, null, "interrupted while sending", started, null);
        } catch (IOException | RuntimeException e) {
            retry(event, settings, null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
                    + e.getMessage()), started, null);
        }
    }

    private void retry(OutboxStore.Claimed event, WebhookSettings settings, Integer status, String error, long started,
            String excerpt) {
        boolean spent = event.attempt() >= settings.maxAttempts();
        store.settle(event.id(), event.attempt(), status, error, millis(started), excerpt,
                spent ? OutboxEvent.FAILED : OutboxEvent.PENDING,
                spent ? null : OffsetDateTime.now(clock).plus(settings.backoff(event.attempt())));
    }

    private static String excerpt(InputStream body) throws IOException {
        try (body) {
            byte[] bytes = body.readNBytes(RESPONSE_EXCERPT);
            // PostgreSQL text holds no NUL character
            return bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8).replace("\u0000", "");
        }
    }

    private static int millis(long started) {
        return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void close() {
        http.close();
    }
}
