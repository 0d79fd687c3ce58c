package dev.trellis.bench;

import dev.trellis.core.Actor;
import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.record.RecordService;
import dev.trellis.rule.rebate.LedgerLine;
import dev.trellis.rule.rebate.LedgerQuery;
import dev.trellis.rule.rebate.LedgerStatus;
import dev.trellis.rule.rebate.RebateService;
import dev.trellis.rule.rebate.RecomputeResult;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jooq.DSLContext;
import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rebate ledger at scale: {@code rows} order lines (10 per sales order, one quarter, product lines A and
 * B) over up to 1,000 partners, loaded through {@code bulkCreate} before the policy exists; then a quarterly
 * line-A policy (two tiers, a cap, and a 500 bonus for each new customer's first order to the order's owner)
 * is published and (1) recomputed in full, twice — first writing every line, then updating them — and (2)
 * single writes are timed end to end through the record service, ledger update and commit included, against
 * the same kinds of writes before the policy was published, in three kinds: one order (a sales order and its
 * ten lines in one transaction, as a form saves it: the "incremental update after one order"), one
 * line's amount changed, and one line moved to another partner's order (two partners recomputed). Each
 * phase starts, as pgbench does, from a checkpoint, and with untimed warm-up writes of every kind, so the two
 * phases differ only in the policy. Afterwards the open lines the writes left must equal a full recompute's.
 */
final class RebateBench {

    static final String APP = "rebate_bench";
    static final String POLICY = "line_a_quarterly";
    static final LocalDate QUARTER = LocalDate.parse("2025-01-01");
    private static final int LINES_PER_ORDER = 10;
    private static final int BATCH = 100_000;

    /** A kind of timed write. */
    enum WriteKind {
        ORDER("one order: a sales order and its 10 lines"),
        AMOUNT("one line's amount changed"),
        MOVE("one line moved to another partner's order");

        final String label;

        WriteKind(String label) {
            this.label = label;
        }
    }

    /**
     * The times of one kind of write, in milliseconds, before the policy existed and with the ledger updated:
     * each write end to end, and the work its transaction did at commit before committing (the ledger update;
     * before the policy existed, nothing).
     */
    record Timing(WriteKind kind, double[] baseline, double[] ledger, double[] baselineAtCommit,
            double[] ledgerAtCommit) {

        double baselineP(int percentile) {
            return percentile(baseline, percentile);
        }

        double ledgerP(int percentile) {
            return percentile(ledger, percentile);
        }

        double updateP(int percentile) {
            return percentile(ledgerAtCommit, percentile);
        }

        double baselineAtCommitP(int percentile) {
            return percentile(baselineAtCommit, percentile);
        }
    }

    /** One phase's times per kind: end to end, and at commit. */
    private record Phase(Map<WriteKind, double[]> total, Map<WriteKind, double[]> atCommit) {
    }

    /** What the bench measured; times in milliseconds. */
    record Outcome(int partners, int orders, int lines, double loadSeconds, double firstRecomputeMillis,
            double recomputeMillis, int ledgerLines, int bonusLines, int writes, int warmUp, List<Timing> timings,
            boolean consistent) {

        Timing timing(WriteKind kind) {
            return timings.stream().filter(t -> t.kind() == kind).findFirst().orElseThrow();
        }
    }

    private final MetadataService metadata;
    private final RecordService records;
    private final RebateService rebates;
    private final DSLContext dsl;
    private final TransactionTemplate transaction;
    private final Actor admin;
    private final int writes;
    private final Random random = new Random(7);

    /** {@code writes}: timed writes of each kind in each phase. */
    RebateBench(MetadataService metadata, RecordService records, RebateService rebates, DSLContext dsl,
            TransactionTemplate transaction, Actor admin, int writes) {
        this.metadata = metadata;
        this.records = records;
        this.rebates = rebates;
        this.dsl = dsl;
        this.transaction = transaction;
        this.admin = admin;
        this.writes = writes;
    }

    /** Timed writes of each kind in each phase for a bench of {@code rows} lines: 300 at a million. */
    static int writesFor(int rows) {
        return Math.min(300, Math.max(10, rows / 100));
    }

    /** Partners for a bench of {@code rows} lines: 1,000 at a million, at least 10. */
    static int partnersFor(int rows) {
        return Math.max(10, Math.min(1_000, rows / 1_000));
    }

    Outcome run(int rows) {
        int partnerCount = partnersFor(rows);
        int orderCount = Math.max(1, rows / LINES_PER_ORDER);
        publishObjects();
        long start = System.nanoTime();
        List<Long> partners = create("partner", partnerCount, i -> Json.parse("{\"name\": \"Partner " + i
                + "\", \"tier\": \"" + (i % 3 == 0 ? "gold" : "silver") + "\"}"));
        int customerCount = Math.max(10, rows / 50);
        List<Long> customers = create("customer", customerCount, i -> Json.parse("{\"name\": \"Customer " + i
                + "\", \"is_new\": " + (i % 4 == 0) + "}"));
        List<Long> orders = create("sales_order", orderCount, i -> order(partners, customers));
        List<Long> lines = create("order_line", rows, i -> line(orders.get(i / LINES_PER_ORDER)));
        dsl.execute("analyze app_" + APP + ".partner");
        dsl.execute("analyze app_" + APP + ".customer");
        dsl.execute("analyze app_" + APP + ".sales_order");
        dsl.execute("analyze app_" + APP + ".order_line");
        double loadSeconds = (System.nanoTime() - start) / 1e9;

        Phase baseline = timeWrites(partners, customers, orders, lines);
        publishPolicy();
        start = System.nanoTime();
        RecomputeResult first = rebates.recompute(admin, APP, POLICY, QUARTER);
        double firstMillis = (System.nanoTime() - start) / 1e6;
        start = System.nanoTime();
        rebates.recompute(admin, APP, POLICY, QUARTER);
        double againMillis = (System.nanoTime() - start) / 1e6;
        if (first.written() == 0) {
            throw new IllegalStateException("the recompute wrote no lines");
        }

        Phase timed = timeWrites(partners, customers, orders, lines);
        List<String> incremental = openLines();
        rebates.recompute(admin, APP, POLICY, QUARTER);
        List<String> full = openLines();
        boolean consistent = incremental.equals(full);
        if (!consistent) {
            List<String> onlyIncremental = incremental.stream().filter(l -> !full.contains(l)).limit(10).toList();
            List<String> onlyFull = full.stream().filter(l -> !incremental.contains(l)).limit(10).toList();
            throw new IllegalStateException("the open lines the writes left differ from a full recompute's: "
                    + onlyIncremental + " where the recompute has " + onlyFull);
        }
        List<LedgerLine> ledger = rebates.ledger(admin, APP, LedgerQuery.all().withPolicy(POLICY));
        int bonusLines = (int) ledger.stream().filter(l -> !l.component().equals(LedgerLine.REBATE)).count();
        List<Timing> timings = Arrays.stream(WriteKind.values())
                .map(kind -> new Timing(kind, baseline.total().get(kind), timed.total().get(kind),
                        baseline.atCommit().get(kind), timed.atCommit().get(kind))).toList();
        return new Outcome(partnerCount, orderCount, rows, loadSeconds, firstMillis, againMillis,
                ledger.size() - bonusLines, bonusLines, writes, warmUp(), timings, consistent);
    }

    private int warmUp() {
        return Math.max(10, writes / 5);
    }

    private ObjectNode order(List<Long> partners, List<Long> customers) {
        ObjectNode order = Json.object();
        order.put("partner", partners.get(random.nextInt(partners.size())));
        order.put("customer", customers.get(random.nextInt(customers.size())));
        order.put("order_date", QUARTER.plusDays(random.nextInt(90)).toString());
        order.put("owner_id", 1_000 + random.nextInt(200));
        return order;
    }

    /**
     * A phase of single writes, each timed end to end through the record service, the kinds taking turns:
     * untimed warm-up writes first (the JIT, the connection's prepared statements), then a checkpoint, then
     * {@code writes} timed writes of each kind. An update's expected version is read before the timer starts,
     * as a client holds it from its last read.
     *
     * <p>Each write runs in a transaction of the bench's, so that the work done at commit can be timed on its
     * own: from the first to the last of the transaction's before-commit callbacks, the ledger update's among
     * them. A move also places the line where it was, with one query during the write (pg_stat_statements puts
     * it at 0.07–0.11 ms); that query is in the end-to-end time only.
     */
    private Phase timeWrites(List<Long> partners, List<Long> customers, List<Long> orders, List<Long> lines) {
        for (int i = 0; i < warmUp() * WriteKind.values().length; i++) {
            bracketed(write(WriteKind.values()[i % WriteKind.values().length], partners, customers, orders, lines));
        }
        dsl.execute("checkpoint");
        Phase phase = new Phase(new EnumMap<>(WriteKind.class), new EnumMap<>(WriteKind.class));
        for (WriteKind kind : WriteKind.values()) {
            phase.total().put(kind, new double[writes]);
            phase.atCommit().put(kind, new double[writes]);
        }
        for (int i = 0; i < writes * WriteKind.values().length; i++) {
            WriteKind kind = WriteKind.values()[i % WriteKind.values().length];
            Runnable write = write(kind, partners, customers, orders, lines);
            long start = System.nanoTime();
            double atCommit = bracketed(write);
            phase.total().get(kind)[i / WriteKind.values().length] = (System.nanoTime() - start) / 1e6;
            phase.atCommit().get(kind)[i / WriteKind.values().length] = atCommit;
        }
        return phase;
    }

    /** Runs a write in a transaction; the milliseconds its before-commit work took. */
    private double bracketed(Runnable write) {
        long[] marks = new long[2];
        transaction.executeWithoutResult(status -> {
            TransactionSynchronizationManager.registerSynchronization(new Mark(Ordered.HIGHEST_PRECEDENCE, marks, 0));
            write.run();
            // last of the lowest-precedence callbacks: they keep the order they were registered in
            TransactionSynchronizationManager.registerSynchronization(new Mark(Ordered.LOWEST_PRECEDENCE, marks, 1));
        });
        return (marks[1] - marks[0]) / 1e6;
    }

    /** Notes the time of its before-commit callback. */
    private record Mark(int order, long[] marks, int index) implements TransactionSynchronization {

        @Override
        public int getOrder() {
            return order;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            marks[index] = System.nanoTime();
        }
    }

    private Runnable write(WriteKind kind, List<Long> partners, List<Long> customers, List<Long> orders,
            List<Long> lines) {
        return switch (kind) {
            case ORDER -> {
                JsonNode order = order(partners, customers);
                yield () -> {
                    long id = ((Number) records.create(admin, APP, "sales_order", order).get("id")).longValue();
                    List<JsonNode> orderLines = new ArrayList<>();
                    for (int i = 0; i < LINES_PER_ORDER; i++) {
                        orderLines.add(line(id));
                    }
                    records.bulkCreate(admin, APP, "order_line", orderLines);
                };
            }
            case AMOUNT -> update(lines.get(random.nextInt(lines.size())), "{\"amount\": " + amount() + "}");
            case MOVE -> update(lines.get(random.nextInt(lines.size())), "{\"sales_order\": "
                    + orders.get(random.nextInt(orders.size())) + "}");
        };
    }

    private Runnable update(long line, String values) {
        int version = dsl.fetchSingle("select version from app_" + APP + ".order_line where id = ?", line)
                .get(0, Integer.class);
        JsonNode json = Json.parse(values);
        return () -> records.update(admin, APP, "order_line", line, version, json);
    }

    private JsonNode line(long order) {
        ObjectNode line = Json.object();
        line.put("sales_order", order);
        line.put("product_line", random.nextInt(10) < 6 ? "A" : "B");
        line.put("quantity", 1 + random.nextInt(20));
        line.put("amount", amount());
        return line;
    }

    private java.math.BigDecimal amount() {
        return java.math.BigDecimal.valueOf(10_000 + random.nextLong(49_000_000), 2);
    }

    private interface Row {
        JsonNode make(int index);
    }

    private List<Long> create(String object, int count, Row row) {
        List<Long> ids = new ArrayList<>(count);
        for (int done = 0; done < count; done += BATCH) {
            List<JsonNode> batch = new ArrayList<>();
            for (int i = done; i < Math.min(count, done + BATCH); i++) {
                batch.add(row.make(i));
            }
            ids.addAll(records.bulkCreate(admin, APP, object, batch).ids());
        }
        return ids;
    }

    private List<String> openLines() {
        return rebates.ledger(admin, APP, LedgerQuery.all().withPolicy(POLICY).withStatus(LedgerStatus.ACCRUED))
                .stream().sorted(Comparator.comparing(LedgerLine::component).thenComparingLong(LedgerLine::partnerId)
                        .thenComparingLong(LedgerLine::payeeId))
                .map(l -> l.component() + " " + l.partnerId() + "/" + l.payeeId() + " " + l.amount().toPlainString()
                        + " " + l.metric().stripTrailingZeros().toPlainString())
                .toList();
    }

    static double percentile(double[] values, int percentile) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private void publishObjects() {
        save("app", APP, "{\"name\": \"" + APP + "\"}");
        save("object", "partner", """
                {"name": "partner", "fields": [{"name": "name", "type": "text"},
                  {"name": "tier", "type": "picklist", "values": [{"value": "gold"}, {"value": "silver"}]}]}""");
        save("object", "customer", """
                {"name": "customer", "fields": [{"name": "name", "type": "text"}, {"name": "is_new", "type": "boolean"}]}""");
        save("object", "sales_order", """
                {"name": "sales_order", "fields": [{"name": "partner", "type": "lookup", "target": "partner"},
                  {"name": "customer", "type": "lookup", "target": "customer"},
                  {"name": "order_date", "type": "date"}]}""");
        save("object", "order_line", """
                {"name": "order_line", "fields": [
                  {"name": "sales_order", "type": "master_detail", "target": "sales_order"},
                  {"name": "product_line", "type": "picklist", "values": [{"value": "A"}, {"value": "B"}]},
                  {"name": "quantity", "type": "integer"},
                  {"name": "amount", "type": "currency", "precision": 14, "scale": 2}]}""");
        metadata.publish(admin, APP, false, "rebate bench objects");
    }

    /** Tiers a partner's quarter reaches: a million lines over 1,000 partners is about 150,000,000 each. */
    private void publishPolicy() {
        save("rebate_policy", POLICY, """
                {"name": "%s", "source": "order_line", "date": "sales_order.order_date",
                 "partner": "sales_order.partner", "scope": {"field": "product_line", "op": "eq", "value": "A"},
                 "period": "quarter", "metric": {"aggregate": "sum", "field": "amount"},
                 "tiers": [{"from": 100000000, "rate": 1}, {"from": 150000000, "rate": 2},
                           {"from": 160000000, "rate": 3}],
                 "cap": 4000000,
                 "bonuses": [{"name": "new_customer", "condition": "sales_order.customer.is_new",
                              "firstPer": "sales_order.customer", "amount": 500, "payee": "sales_order.owner_id"}],
                 "validFrom": "2025-01-01"}""".formatted(POLICY));
        metadata.publish(admin, APP, false, "rebate bench policy");
    }

    private void save(String kind, String name, String json) {
        metadata.saveDraft(admin, APP, kind, name, Json.parse(json), null);
    }
}
