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
import java.util.List;
import java.util.Random;
import org.jooq.DSLContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rebate ledger at scale: {@code rows} order lines (10 per sales order, one quarter, product lines A and
 * B) over up to 1,000 partners, loaded through {@code bulkCreate} before the policy exists; then a quarterly
 * line-A policy (two tiers, a cap, and a 500 bonus for each new customer's first order to the order's owner)
 * is published and (1) recomputed in full, twice — first writing every line, then updating them — and (2)
 * single order-line writes (a third creates, a third amount changes, a third moves a line to another
 * partner's order) are timed end to end through the record service, ledger update included, against the
 * same writes before the policy was published. Afterwards the open lines the writes left must equal a full
 * recompute's.
 */
final class RebateBench {

    static final String APP = "rebate_bench";
    static final String POLICY = "line_a_quarterly";
    static final LocalDate QUARTER = LocalDate.parse("2025-01-01");
    private static final int LINES_PER_ORDER = 10;
    private static final int BATCH = 100_000;

    /** What the bench measured; times in milliseconds. */
    record Outcome(int partners, int orders, int lines, double loadSeconds, double firstRecomputeMillis,
            double recomputeMillis, int ledgerLines, int bonusLines, int writes, double p50Millis, double p95Millis,
            double maxMillis, double baselineP50Millis, double baselineP95Millis, boolean consistent) {
    }

    private final MetadataService metadata;
    private final RecordService records;
    private final RebateService rebates;
    private final DSLContext dsl;
    private final Actor admin;
    private final int writes;
    private final Random random = new Random(7);

    RebateBench(MetadataService metadata, RecordService records, RebateService rebates, DSLContext dsl, Actor admin,
            int writes) {
        this.metadata = metadata;
        this.records = records;
        this.rebates = rebates;
        this.dsl = dsl;
        this.admin = admin;
        this.writes = writes;
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
        List<Long> orders = create("sales_order", orderCount, i -> {
            ObjectNode order = Json.object();
            order.put("partner", partners.get(random.nextInt(partners.size())));
            order.put("customer", customers.get(random.nextInt(customers.size())));
            order.put("order_date", QUARTER.plusDays(random.nextInt(90)).toString());
            order.put("owner_id", 1_000 + random.nextInt(200));
            return order;
        });
        List<Long> lines = create("order_line", rows, i -> line(orders.get(i / LINES_PER_ORDER)));
        dsl.execute("analyze app_" + APP + ".partner");
        dsl.execute("analyze app_" + APP + ".customer");
        dsl.execute("analyze app_" + APP + ".sales_order");
        dsl.execute("analyze app_" + APP + ".order_line");
        double loadSeconds = (System.nanoTime() - start) / 1e9;

        double[] baseline = timeWrites(orders, lines);
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

        double[] timed = timeWrites(orders, lines);
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
        return new Outcome(partnerCount, orderCount, rows, loadSeconds, firstMillis, againMillis,
                ledger.size() - bonusLines, bonusLines, timed.length, percentile(timed, 50), percentile(timed, 95),
                percentile(timed, 100), percentile(baseline, 50), percentile(baseline, 95), consistent);
    }

    /**
     * Single order-line writes, each timed end to end through the record service: creates, amount changes and
     * moves to another order. An update's expected version is read before the timer starts, as a client holds
     * it from its last read.
     */
    private double[] timeWrites(List<Long> orders, List<Long> lines) {
        double[] millis = new double[writes];
        for (int i = 0; i < writes; i++) {
            Runnable write = switch (i % 3) {
                case 0 -> {
                    JsonNode values = line(orders.get(random.nextInt(orders.size())));
                    yield () -> records.create(admin, APP, "order_line", values);
                }
                case 1 -> update(lines.get(random.nextInt(lines.size())), "{\"amount\": " + amount() + "}");
                default -> update(lines.get(random.nextInt(lines.size())), "{\"sales_order\": "
                        + orders.get(random.nextInt(orders.size())) + "}");
            };
            long start = System.nanoTime();
            write.run();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return millis;
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

    private static double percentile(double[] values, int percentile) {
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
