package dev.trellis.bench;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.json;

import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.testing.CoreContext;
import dev.trellis.core.testing.TestDatabase;
import dev.trellis.form.FormEngineConfiguration;
import dev.trellis.form.FormService;
import dev.trellis.rule.RuleEngineConfiguration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The form bench: in one run on one embedded PostgreSQL, (1) validating and saving an order with its lines
 * through {@code FormService.submit} against the same header create and lines' {@code bulkCreate} through the
 * record service in one transaction without a form (the baseline: same formulas, roll-up and audit), the two
 * interleaved round by round; (2) the first validation of a 100-field form after a publish, which compiles
 * it, against the next ones, which find it compiled. It prints p50/p95 and writes
 * {@code bench/target/forms-bench-results.txt}.
 *
 * <p>{@code ./trellis bench forms [lines (200)] [rounds (60)]}.
 */
public final class FormBench {

    private static final String APP = "form_bench";
    private static final int WIDE_FIELDS = 100;

    private final MetadataService metadata;
    private final RecordService records;
    private final FormService forms;
    private final TransactionTemplate tx;
    private final int lines;
    private final int rounds;
    private long partner;

    FormBench(MetadataService metadata, RecordService records, FormService forms, TransactionTemplate tx, int lines,
            int rounds) {
        this.metadata = metadata;
        this.records = records;
        this.forms = forms;
        this.tx = tx;
        this.lines = lines;
        this.rounds = rounds;
    }

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        CoreContext.extend(RuleEngineConfiguration.class, FormEngineConfiguration.class);
        DataSource dataSource = TestDatabase.dataSource();
        try {
            double loadBefore = RecordServiceBench.loadAverage();
            FormBench bench = new FormBench(CoreContext.metadata(), CoreContext.records(),
                    CoreContext.get().getBean(FormService.class), CoreContext.get().getBean(TransactionTemplate.class),
                    lines, rounds);
            String text = bench.run(loadBefore);
            RecordServiceBench.report(text, RecordServiceBench.resultsFile("forms-bench-results.txt"));
        } finally {
            RecordServiceBench.stopDatabase(dataSource);
        }
    }

    String run(double loadBefore) {
        publish();
        int warmUp = Math.max(2, rounds / 5);
        System.out.printf(Locale.ROOT, "order with %d lines: %d warm-up + %d measured rounds per side, interleaved%n",
                lines, warmUp, rounds);
        long[] submit = new long[rounds];
        long[] baseline = new long[rounds];
        long[] validate = new long[rounds];
        for (int i = -warmUp; i < rounds; i++) {
            JsonNode submission = submission(i);
            JsonNode header = submission.get("values");
            List<JsonNode> rows = new ArrayList<>();
            submission.get("lines").get("order_line").forEach(rows::add);
            long v = timed(() -> forms.validate(ADMIN, APP, "sales_order", "order_entry", submission));
            long s = timed(() -> forms.submit(ADMIN, APP, "sales_order", "order_entry", submission));
            long b = timed(() -> tx.execute(status -> {
                long id = (Long) records.create(ADMIN, APP, "sales_order", header).get("id");
                rows.forEach(row -> ((ObjectNode) row).put("sales_order", id));
                return records.bulkCreate(ADMIN, APP, "order_line", rows);
            }));
            if (i >= 0) {
                submit[i] = s;
                baseline[i] = b;
                validate[i] = v;
            }
        }
        int compileRounds = Math.max(3, rounds / 3);
        System.out.printf(Locale.ROOT, "%d-field form: %d warm-up + %d measured publishes, each followed by a first"
                + " validation (compiles) and a second (cached)%n", WIDE_FIELDS, warmUp, compileRounds);
        long[] compile = new long[compileRounds];
        long[] cached = new long[compileRounds];
        JsonNode empty = json("{\"values\": {}}");
        for (int i = -warmUp; i < compileRounds; i++) {
            metadata.saveDraft(ADMIN, APP, "form", "wide_form", wideForm(i), null);
            metadata.publish(ADMIN, APP, false, null);
            long first = timed(() -> forms.validate(ADMIN, APP, "wide", "wide_form", empty));
            long next = timed(() -> forms.validate(ADMIN, APP, "wide", "wide_form", empty));
            if (i >= 0) {
                compile[i] = first;
                cached[i] = next;
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Form bench, %s, JDK %s, %d CPUs, load average %.2f at start, %.2f at end%n",
                LocalDateTime.now().truncatedTo(ChronoUnit.MINUTES), Runtime.version(),
                Runtime.getRuntime().availableProcessors(), loadBefore, RecordServiceBench.loadAverage()));
        out.append(String.format(Locale.ROOT, "%-80s %10s %10s%n", "", "p50 ms", "p95 ms"));
        line(out, "FormService.submit: validate + save, " + lines + " lines (target p95 <= 150)", submit);
        line(out, "baseline: RecordService create + bulkCreate, same rows, one tx", baseline);
        line(out, "FormService.validate alone, " + lines + " lines", validate);
        out.append(String.format(Locale.ROOT, "submit / baseline: %.2f at p50, %.2f at p95%n",
                percentile(submit, 50) / percentile(baseline, 50), percentile(submit, 95) / percentile(baseline, 95)));
        line(out, "first validation after a publish: compiles a " + WIDE_FIELDS + "-field form, 76 rules (target <= 20)",
                compile);
        line(out, "next validation of it: compiled form cached", cached);
        return out.toString();
    }

    private static void line(StringBuilder out, String label, long[] nanos) {
        out.append(String.format(Locale.ROOT, "%-80s %10.2f %10.2f%n", label, percentile(nanos, 50) / 1e6,
                percentile(nanos, 95) / 1e6));
    }

    /** The nearest-rank percentile. */
    static double percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static long timed(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return System.nanoTime() - start;
    }

    private JsonNode submission(int round) {
        ObjectNode submission = Json.object();
        submission.putObject("values").put("partner", partner).put("channel", round % 2 == 0 ? "online" : "store")
                .put("store", round % 2 == 0 ? null : "Shanghai").put("notes", "round " + round);
        ArrayNode rows = submission.putObject("lines").putArray("order_line");
        for (int i = 0; i < lines; i++) {
            rows.addObject().put("sku", "SKU-" + (i % 97)).put("quantity", 1 + i % 7)
                    .put("price", new java.math.BigDecimal(10 + i % 13 + ".50")).put("discount", i % 3 * 5);
        }
        return submission;
    }

    private void publish() {
        metadata.saveDraft(ADMIN, APP, "app", APP, json("{\"name\": \"" + APP + "\"}"), null);
        metadata.saveDraft(ADMIN, APP, "object", "partner", json("""
                {"name": "partner", "fields": [{"name": "name", "type": "text"}, {"name": "credit_limit", "type": "currency"}]}"""), null);
        metadata.saveDraft(ADMIN, APP, "object", "sales_order", json("""
                {"name": "sales_order", "fields": [{"name": "partner", "type": "lookup", "target": "partner"}]}"""), null);
        metadata.saveDraft(ADMIN, APP, "object", "order_line", json("""
                {"name": "order_line", "fields": [
                  {"name": "sales_order", "type": "master_detail", "target": "sales_order"},
                  {"name": "sku", "type": "text", "required": true}, {"name": "quantity", "type": "integer"},
                  {"name": "price", "type": "currency"}, {"name": "discount", "type": "percent"},
                  {"name": "amount", "type": "currency", "formula": "round(quantity * price * (100 - discount) / 100, 2)"}]}"""),
                null);
        metadata.saveDraft(ADMIN, APP, "object", "sales_order", json("""
                {"name": "sales_order", "fields": [{"name": "partner", "type": "lookup", "target": "partner", "required": true},
                  {"name": "channel", "type": "picklist", "values": [{"value": "online"}, {"value": "store"}]},
                  {"name": "store", "type": "text"}, {"name": "notes", "type": "long_text"},
                  {"name": "total", "type": "currency", "rollup": {"object": "order_line", "via": "sales_order",
                    "function": "sum", "field": "amount"}}]}"""), null);
        metadata.saveDraft(ADMIN, APP, "form", "order_entry", json("""
                {"name": "order_entry", "object": "sales_order", "layout": [
                  {"type": "field", "field": "partner"}, {"type": "field", "field": "channel"},
                  {"type": "field", "field": "store", "visibleWhen": "channel == 'store'", "requiredWhen": "channel == 'store'"},
                  {"type": "field", "field": "notes"}, {"type": "field", "field": "total"},
                  {"type": "lines", "object": "order_line", "maxLines": 500, "children": [
                    {"type": "field", "field": "sku"}, {"type": "field", "field": "quantity", "defaultValue": "1"},
                    {"type": "field", "field": "price", "requiredWhen": "quantity > 0"},
                    {"type": "field", "field": "discount", "readOnlyWhen": "quantity > 100"},
                    {"type": "field", "field": "amount"}],
                   "totals": [{"field": "amount", "function": "sum"}, {"field": "quantity", "function": "sum"}]}],
                 "rules": [{"name": "credit", "condition": "total > 100000000", "message": "over any credit", "field": "total"}]}"""),
                null);
        StringBuilder wide = new StringBuilder("{\"name\": \"wide\", \"fields\": [");
        for (int i = 0; i < WIDE_FIELDS; i++) {
            wide.append(i == 0 ? "" : ", ").append(switch (i % 4) {
                case 0 -> "{\"name\": \"f" + i + "\", \"type\": \"text\"}";
                case 1 -> "{\"name\": \"f" + i + "\", \"type\": \"currency\"}";
                case 2 -> "{\"name\": \"f" + i + "\", \"type\": \"picklist\", \"values\": [{\"value\": \"a\"}, {\"value\": \"b\"}]}";
                default -> "{\"name\": \"f" + i + "\", \"type\": \"boolean\"}";
            });
        }
        metadata.saveDraft(ADMIN, APP, "object", "wide", json(wide.append("]}").toString()), null);
        metadata.saveDraft(ADMIN, APP, "form", "wide_form", wideForm(-1), null);
        metadata.publish(ADMIN, APP, false, null);
        partner = (Long) records.create(ADMIN, APP, "partner", json("{\"name\": \"Acme\", \"credit_limit\": 1000000}"))
                .get("id");
    }

    /** 100 fields in 4 sections, every other one with a rule reading its neighbour; {@code round} makes each publish new. */
    private static JsonNode wideForm(int round) {
        ObjectNode form = Json.object().put("name", "wide_form").put("object", "wide");
        form.putObject("label").put("en", "Wide " + round);
        ArrayNode layout = form.putArray("layout");
        ArrayNode section = null;
        for (int i = 0; i < WIDE_FIELDS; i++) {
            if (i % 25 == 0) {
                section = layout.addObject().put("type", "section").putArray("children");
            }
            ObjectNode field = section.addObject().put("type", "field").put("field", "f" + i);
            if (i % 4 == 1) {
                field.put("visibleWhen", "f" + (i - 1) + " != ''").put("requiredWhen", "f" + (i + 2) + " && f" + (i - 1) + " == 'x'");
            } else if (i % 4 == 2) {
                field.putObject("optionsWhen").put("b", "f" + (i - 1) + " > 100");
            }
        }
        form.putArray("rules").addObject().put("name", "r").put("condition", "f1 > 1000 && f3").put("message", "too much");
        return form;
    }
}
