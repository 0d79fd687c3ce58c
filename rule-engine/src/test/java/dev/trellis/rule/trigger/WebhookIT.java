package dev.trellis.rule.trigger;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.CLERK;
import static dev.trellis.core.testing.CoreContext.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.trellis.core.ForbiddenException;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.testing.CoreContext;
import dev.trellis.rule.RuleEngineConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Webhooks leave through the outbox: written in the record's transaction, sent only after it commits, signed,
 * retried with backoff, logged, and refused for private addresses unless the setting allows them. The
 * receiver is a JDK HTTP server on 127.0.0.1, so the tests run with {@code allow-private-addresses} on.
 */
class WebhookIT {

    private static final String APP = "webhooks_it";
    private static final String ALLOW_PRIVATE = "trellis.webhooks.allow-private-addresses";
    private static final String BACKOFF = "trellis.webhooks.initial-backoff";

    /** What the receiver was sent. */
    record Received(String path, Map<String, String> headers, String body) {

        JsonNode json() {
            return CoreContext.json(body);
        }
    }

    private static HttpServer server;
    private static final List<Received> received = new CopyOnWriteArrayList<>();
    /** Statuses the receiver answers with, by the amount of the order sent; 200 when none is planned. */
    private static final Map<String, Queue<Integer>> plannedStatuses = new java.util.concurrent.ConcurrentHashMap<>();
    private static RecordService records;
    private static WebhookDispatcher dispatcher;
    private static OutboxService outbox;
    private static String secret;

    @BeforeAll
    static void start() throws IOException {
        System.setProperty(ALLOW_PRIVATE, "true");
        System.setProperty(BACKOFF, "PT0.05S");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Received request;
            try (InputStream in = exchange.getRequestBody()) {
                Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.getFirst()));
                request = new Received(exchange.getRequestURI().getPath(), headers,
                        new String(in.readAllBytes(), StandardCharsets.UTF_8));
                received.add(request);
            }
            JsonNode amount = request.json().get("record").get("amount");
            Queue<Integer> planned = amount == null ? null : plannedStatuses.get(amount.decimalValue().toPlainString());
            Integer status = planned == null ? null : planned.poll();
            byte[] answer = (status == null || status == 200 ? "thanks" : "not now").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status == null ? 200 : status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();

        CoreContext.extend(RuleEngineConfiguration.class);
        MetadataService metadata = CoreContext.metadata();
        records = CoreContext.records();
        dispatcher = CoreContext.get().getBean(WebhookDispatcher.class);
        outbox = CoreContext.get().getBean(OutboxService.class);
        secret = CoreContext.get().getBean(WebhookSecrets.class).generate(ADMIN, APP, "erp");
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        CoreContext.publishApp(APP,
                json("""
                        {"name": "sales_order", "fields": [{"name": "amount", "type": "currency"},
                          {"name": "status", "type": "picklist", "values": [{"value": "draft"}, {"value": "paid"}]},
                          {"name": "margin_note", "type": "text"}]}"""),
                json("""
                        {"name": "memo", "fields": [{"name": "text", "type": "text"}]}"""));
        metadata.saveDraft(ADMIN, APP, "trigger", "erp_sync", json("""
                {"name": "erp_sync", "object": "sales_order", "events": ["create", "update"],
                 "actions": [{"type": "webhook", "url": "%s/erp/orders", "secret": "erp",
                   "fields": ["amount", "status"]}]}""".formatted(base)), null);
        metadata.saveDraft(ADMIN, APP, "trigger", "unsigned", json("""
                {"name": "unsigned", "object": "memo", "events": ["create"],
                 "actions": [{"type": "webhook", "url": "%s/memos", "secret": "never_set"}]}""".formatted(base)), null);
        metadata.publish(ADMIN, APP, false, "webhooks");
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        System.clearProperty(ALLOW_PRIVATE);
        System.clearProperty(BACKOFF);
    }

    @Test
    void aWebhookIsSentAfterTheWriteCommitsSignedWithTheRecordAsJson() {
        TransactionTemplate tx = CoreContext.get().getBean(TransactionTemplate.class);
        long id = tx.execute(status -> {
            long created = (Long) records.create(ADMIN, APP, "sales_order",
                    json("{\"amount\": 120.5, \"status\": \"draft\", \"margin_note\": \"internal\"}")).get("id");
            // queued in the transaction, yet invisible to the dispatcher until it commits
            assertThat(outbox.forRecord(APP, "sales_order", created)).hasSize(1);
            dispatcher.deliverDue();
            assertThat(sentFor(created)).isEmpty();
            return created;
        });
        OutboxEvent event = await(id, OutboxEvent.DONE);
        Received request = sentFor(id).getFirst();
        assertThat(sentFor(id)).hasSize(1);
        assertThat(request.path()).isEqualTo("/erp/orders");
        assertThat(request.headers()).containsEntry("Content-Type", "application/json")
                .containsEntry("X-Trellis-Event-Id", event.eventId().toString());
        JsonNode body = request.json();
        assertThat(body.get("event").stringValue()).isEqualTo("sales_order.create");
        assertThat(body.get("eventId").stringValue()).isEqualTo(event.eventId().toString());
        assertThat(body.get("trigger").stringValue()).isEqualTo("erp_sync");
        assertThat(body.get("record").propertyNames()).containsExactly("id", "amount", "status");
        assertThat(body.get("record").get("amount").decimalValue()).isEqualByComparingTo("120.50");
        assertThat(body.get("changes").has("margin_note")).isFalse();
        assertThat(body.get("changes").get("status").get(1).stringValue()).isEqualTo("draft");

        // the receiver recomputes the signature with the shared secret
        String signature = request.headers().get("X-Trellis-Signature");
        assertThat(signature).matches("t=\\d+,v1=[0-9a-f]{64}");
        long t = Long.parseLong(signature.substring(2, signature.indexOf(',')));
        assertThat(Math.abs(Instant.now().getEpochSecond() - t)).isLessThan(60);
        assertThat(signature.substring(signature.indexOf("v1=") + 3)).isEqualTo(hmac(secret, t + "." + request.body()));
        assertThat(hmac("another secret", t + "." + request.body())).isNotEqualTo(signature.substring(signature.indexOf("v1=") + 3));

        assertThat(outbox.deliveries(event.id())).singleElement().satisfies(d -> {
            assertThat(d.statusCode()).isEqualTo(200);
            assertThat(d.response()).isEqualTo("thanks");
            assertThat(d.error()).isNull();
        });
    }

    @Test
    void aRolledBackWriteSendsNothing() {
        TransactionTemplate tx = CoreContext.get().getBean(TransactionTemplate.class);
        long[] id = new long[1];
        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
            id[0] = (Long) records.create(ADMIN, APP, "sales_order", json("{\"amount\": 1}")).get("id");
            throw new IllegalStateException("rolled back");
        })).hasMessage("rolled back");
        dispatcher.deliverDue();
        assertThat(outbox.forRecord(APP, "sales_order", id[0])).isEmpty();
        assertThat(sentFor(id[0])).isEmpty();
    }

    @Test
    void aFailedDeliveryIsRetriedWithBackoffUntilItSucceeds() {
        plannedStatuses.put("7.00", new ConcurrentLinkedQueue<>(List.of(500, 503)));
        long id = (Long) records.create(ADMIN, APP, "sales_order", json("{\"amount\": 7}")).get("id");
        OutboxEvent event = await(id, OutboxEvent.DONE);
        assertThat(event.attempts()).isEqualTo(3);
        assertThat(event.lastError()).isNull();
        assertThat(outbox.deliveries(event.id())).extracting(WebhookDelivery::attempt, WebhookDelivery::statusCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 500), org.assertj.core.groups.Tuple.tuple(2, 503),
                        org.assertj.core.groups.Tuple.tuple(3, 200));
        List<WebhookDelivery> log = outbox.deliveries(event.id());
        // the second attempt waited at least the initial backoff, the third at least twice that
        assertThat(Duration.between(log.get(0).at(), log.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        assertThat(Duration.between(log.get(1).at(), log.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        // every attempt carried the same event id, so the receiver can drop repeats
        assertThat(sentFor(id)).extracting(r -> r.headers().get("X-Trellis-Event-Id")).containsOnly(
                event.eventId().toString()).hasSize(3);
    }

    @Test
    void aPrivateAddressIsRefusedUnlessTheSettingAllowsIt() {
        System.setProperty(ALLOW_PRIVATE, "false");
        try {
            long id = (Long) records.create(ADMIN, APP, "sales_order", json("{\"amount\": 3}")).get("id");
            OutboxEvent event = await(id, OutboxEvent.FAILED);
            assertThat(event.lastError()).startsWith("address refused: 127.0.0.1 resolves to 127.0.0.1, a loopback address")
                    .contains("trellis.webhooks.allow-private-addresses");
            assertThat(event.attempts()).isEqualTo(1);
            assertThat(outbox.deliveries(event.id())).singleElement()
                    .satisfies(d -> assertThat(d.statusCode()).isNull());
            assertThat(sentFor(id)).isEmpty();

            // an administrator who allows private addresses can send it again
            System.setProperty(ALLOW_PRIVATE, "true");
            assertThatThrownBy(() -> outbox.retry(CLERK, event.id())).isInstanceOf(ForbiddenException.class);
            outbox.retry(ADMIN, event.id());
            assertThat(await(id, OutboxEvent.DONE).attempts()).isEqualTo(1);
            assertThat(sentFor(id)).hasSize(1);
        } finally {
            System.setProperty(ALLOW_PRIVATE, "true");
        }
    }

    @Test
    void aWebhookWithoutItsSecretIsNotSentUnsignedAndWaitsForIt() {
        long id = (Long) records.create(ADMIN, APP, "memo", json("{\"text\": \"hello\"}")).get("id");
        OutboxEvent event = await("memo", id, e -> e.lastError() != null);
        assertThat(event.lastError()).isEqualTo("webhook secret 'never_set' of app 'webhooks_it' is not set");
        assertThat(event.attempts()).isGreaterThanOrEqualTo(1);
        assertThat(received).noneMatch(r -> r.path().equals("/memos"));

        assertThatThrownBy(() -> CoreContext.get().getBean(WebhookSecrets.class).generate(CLERK, APP, "never_set"))
                .isInstanceOf(ForbiddenException.class);
        CoreContext.get().getBean(WebhookSecrets.class).set(ADMIN, APP, "never_set", "a secret of twenty chars");
        outbox.retry(ADMIN, event.id());
        assertThat(await("memo", id, OutboxEvent.DONE).lastError()).isNull();
        Received memo = received.stream().filter(r -> r.path().equals("/memos")).findFirst().orElseThrow();
        String signature = memo.headers().get("X-Trellis-Signature");
        String t = signature.substring(2, signature.indexOf(','));
        assertThat(signature).endsWith("v1=" + hmac("a secret of twenty chars", t + "." + memo.body()));
        assertThat(memo.json().get("record").get("text").stringValue()).isEqualTo("hello");
    }

    @Test
    void theBackgroundDispatcherSendsAsSoonAsTheWriteCommits() {
        long id = (Long) records.create(ADMIN, APP, "sales_order", json("{\"amount\": 11}")).get("id");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (sentFor(id).isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(sentFor(id)).hasSize(1);
    }

    private static List<Received> sentFor(long recordId) {
        return received.stream().filter(r -> r.path().startsWith("/erp")
                && r.json().get("recordId").longValue() == recordId).toList();
    }

    private static OutboxEvent await(long recordId, String status) {
        return await("sales_order", recordId, status);
    }

    private static OutboxEvent await(String object, long recordId, String status) {
        return await(object, recordId, e -> e.status().equals(status));
    }

    /**
     * Drives the dispatcher until the record's webhook is as asked; the background dispatcher may get there
     * first. The backoff in these tests is 50 ms.
     */
    private static OutboxEvent await(String object, long recordId, java.util.function.Predicate<OutboxEvent> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            dispatcher.deliverDue();
            OutboxEvent event = outbox.forRecord(APP, object, recordId).getFirst();
            if (done.test(event)) {
                return event;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the webhook is still " + event.status() + " (" + event.lastError() + ")");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static String hmac(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
