package dev.trellis.bench;

import dev.trellis.core.json.Json;
import dev.trellis.data.TableColumn;
import dev.trellis.data.TableWriter;
import dev.trellis.data.TabularFormat;
import dev.trellis.core.testing.CoreContext;
import dev.trellis.core.testing.TestDatabase;
import dev.trellis.report.ReportEngineConfiguration;
import dev.trellis.report.ReportResult;
import dev.trellis.report.ReportService;
import dev.trellis.report.internal.ResultCache;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * The report bench: order lines generated straight into the object's table with {@code INSERT … SELECT
 * generate_series} (the record service's write path has its own bench), then a grouped report — sum, count
 * and average of the amount by month × region × product line, only won lines — through the report engine
 * (result cache cleared before every run, so the statement really runs) against the equivalent hand-written
 * SQL, alternating, on the same database in the same run. Prints the medians and their ratio (target: within
 * 1.2×), the time of a cached run, and checks both sides return the same rows.
 *
 * <p>{@code ./trellis bench reports [lines (default 10,000,000)] [measured rounds (default 5)]}; the smoke test
 * runs {@code 20000 1}. Writes {@code bench/target/reports-bench-results.txt}.
 */
public final class ReportBench {

    static final String APP = "report_bench";
    private static final String S = "app_" + APP;

    static final String HAND_WRITTEN = """
            select date_trunc('month', l.order_date)::date as month, p.region, pr.line,
                   sum(l.amount) as revenue, count(*) as lines, avg(l.amount) as average
            from %1$s.order_line l
            left join %1$s.partner p on p.id = l.partner
            left join %1$s.product pr on pr.id = l.product
            where l.status = 'won'
            group by 1, 2, 3 order by 1, 2, 3""".formatted(S);

    private ReportBench() {
    }

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 10_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        double loadBefore = RecordServiceBench.loadAverage();
        RecordServiceBench.progress("starting the embedded PostgreSQL and the engine");
        CoreContext.extend(ReportEngineConfiguration.class);
        DataSource dataSource = TestDatabase.dataSource();
        try {
            String text = run(lines, rounds, loadBefore);
            RecordServiceBench.report(text, RecordServiceBench.resultsFile("reports-bench-results.txt"));
        } finally {
            RecordServiceBench.stopDatabase(dataSource);
        }
    }

    private static String run(int lines, int rounds, double loadBefore) {
        DSLContext dsl = CoreContext.dsl();
        ReportService reports = CoreContext.get().getBean(ReportService.class);
        ResultCache cache = CoreContext.get().getBean(ResultCache.class);
        CoreContext.publishApp(APP,
                Json.parse("""
                        {"name": "partner", "fields": [{"name": "name", "type": "text"}, {"name": "region", "type": "picklist",
                          "values": [{"value": "east"}, {"value": "west"}, {"value": "north"}, {"value": "south"},
                                     {"value": "central"}, {"value": "overseas"}]}]}"""),
                Json.parse("""
                        {"name": "product", "fields": [{"name": "name", "type": "text"}, {"name": "line", "type": "picklist",
                          "values": [{"value": "router"}, {"value": "switch"}, {"value": "camera"}, {"value": "phone"},
                                     {"value": "storage"}]}]}"""),
                Json.parse("""
                        {"name": "order_line", "fields": [{"name": "partner", "type": "lookup", "target": "partner"},
                          {"name": "product", "type": "lookup", "target": "product"}, {"name": "order_date", "type": "date"},
                          {"name": "status", "type": "picklist", "values": [{"value": "won"}, {"value": "lost"}, {"value": "open"}]},
                          {"name": "quantity", "type": "integer"}, {"name": "amount", "type": "currency"}]}"""));
        CoreContext.metadata().saveDraft(CoreContext.ADMIN, APP, "report", "sales_cube", Json.parse("""
                {"name": "sales_cube", "object": "order_line",
                 "filter": {"field": "status", "op": "eq", "value": "won"},
                 "groupings": [{"name": "month", "field": "order_date", "bucket": "month"},
                               {"name": "region", "field": "partner.region"},
                               {"name": "line", "field": "product.line"}],
                 "aggregates": [{"name": "revenue", "function": "sum", "field": "amount"},
                                {"name": "lines", "function": "count"},
                                {"name": "average", "function": "avg", "field": "amount"}]}"""), null);
        // a list report of about a million lines (all of them in a smaller run): what an export streams
        int days = (int) Math.min(1096, Math.ceil(EXPORT_ROWS / Math.max(1.0, lines / 1096.0)));
        String until = java.time.LocalDate.of(2024, 1, 1).plusDays(days).toString();
        CoreContext.metadata().saveDraft(CoreContext.ADMIN, APP, "report", "line_list", Json.parse("""
                {"name": "line_list", "object": "order_line",
                 "filter": {"field": "order_date", "op": "lt", "value": "%s"},
                 "columns": [{"field": "order_date"}, {"field": "partner.name"}, {"field": "product.name"},
                             {"field": "status"}, {"field": "quantity"}, {"field": "amount", "format": "#,##0.00"}]}"""
                .formatted(until)), null);
        CoreContext.metadata().publish(CoreContext.ADMIN, APP, false, "bench report");

        RecordServiceBench.progress("generating %,d order lines with INSERT … SELECT generate_series", lines);
        long started = System.nanoTime();
        String system = "now(), 1, now(), 1, 1, 1";
        dsl.execute("""
                insert into %1$s.partner (name, region, created_at, created_by, updated_at, updated_by, owner_id, version)
                select 'Partner ' || i, (array['east','west','north','south','central','overseas'])[1 + i %% 6], %2$s
                from generate_series(1, 200) i""".formatted(S, system));
        dsl.execute("""
                insert into %1$s.product (name, line, created_at, created_by, updated_at, updated_by, owner_id, version)
                select 'Product ' || i, (array['router','switch','camera','phone','storage'])[1 + i %% 5], %2$s
                from generate_series(1, 100) i""".formatted(S, system));
        dsl.execute("""
                insert into %1$s.order_line (partner, product, order_date, status, quantity, amount,
                                            created_at, created_by, updated_at, updated_by, owner_id, version)
                select 1 + (i * 7919) %% 200, 1 + (i * 104729) %% 100, date '2024-01-01' + ((i * 31) %% 1096)::int,
                       (array['won','won','won','won','won','won','won','lost','lost','open'])[1 + i %% 10],
                       (1 + i %% 20)::int, ((i * 37) %% 100000) / 100.0, %2$s
                from generate_series(1::bigint, ?) i""".formatted(S, system), lines);
        dsl.execute("analyze " + S + ".partner, " + S + ".product, " + S + ".order_line");
        double loadSeconds = (System.nanoTime() - started) / 1e9;

        RecordServiceBench.progress("%d warm-up and %d measured rounds, engine and hand-written SQL alternating", 1, rounds);
        List<Long> engine = new ArrayList<>();
        List<Long> handWritten = new ArrayList<>();
        ReportResult result = null;
        List<List<Object>> expected = null;
        for (int round = 0; round <= rounds; round++) {
            boolean engineFirst = round % 2 == 0;
            for (int side = 0; side < 2; side++) {
                if ((side == 0) == engineFirst) {
                    cache.clear();
                    long t = System.nanoTime();
                    result = reports.run(CoreContext.ADMIN, APP, "sales_cube", Map.of());
                    long elapsed = System.nanoTime() - t;
                    if (round > 0) {
                        engine.add(elapsed);
                    }
                } else {
                    long t = System.nanoTime();
                    List<List<Object>> rows = new ArrayList<>();
                    for (Record r : dsl.fetch(HAND_WRITTEN)) {
                        rows.add(Arrays.asList(r.intoArray()));
                    }
                    long elapsed = System.nanoTime() - t;
                    expected = rows;
                    if (round > 0) {
                        handWritten.add(elapsed);
                    }
                }
            }
        }
        boolean same = same(result, expected);
        long t = System.nanoTime();
        reports.run(CoreContext.ADMIN, APP, "sales_cube", Map.of());
        double cachedMs = (System.nanoTime() - t) / 1e6;
        RecordServiceBench.progress("exporting the line list (order lines before %s) to xlsx, then the same rows by"
                + " hand-written SQL through the same writer", until);
        ExportOutcome export = export(dsl, reports, until);
        double engineMs = median(engine) / 1e6;
        double sqlMs = median(handWritten) / 1e6;
        return String.format(Locale.ROOT, """
                Trellis report bench — %s
                %,d order lines (%,d partners, %,d products) generated in %.1f s
                grouped report: sum, count, avg of amount by month × region × product line, status = won → %,d rows
                  report engine (one statement, cache cleared)   median %,10.1f ms  (%d rounds)
                  hand-written SQL, same joins                   median %,10.1f ms
                  ratio engine / hand-written                    %.3f  (target ≤ 1.2)   same rows: %s
                  cached run (stamp check only)                  %,10.2f ms
                xlsx export of the line list (%,d rows × 7 columns in id order, streamed through the one table writer), max heap %,d MB:
                  ReportService.export                           %,10.0f rows/s  (target ≥ 50,000/s)   %.1f s, %,d bytes
                  hand-written SQL cursor, same writer           %,10.0f rows/s
                  ratio of rates, export / hand-written          %.3f
                  peak heap in use during the exports            %,10d MB  (target ≤ 256)
                """, RecordServiceBench.environment(dsl, loadBefore), lines, 200, 100, loadSeconds, result.rows().size(), engineMs,
                rounds, sqlMs, engineMs / sqlMs, same ? "yes" : "NO", cachedMs, export.rows(),
                Runtime.getRuntime().maxMemory() >> 20, export.engineRowsPerSecond(), export.engineSeconds(),
                export.bytes(), export.baselineRowsPerSecond(), export.engineRowsPerSecond() / export.baselineRowsPerSecond(),
                export.peakHeapMb());
    }

    /** Rows an export writes at full size. */
    static final int EXPORT_ROWS = 1_000_000;

    record ExportOutcome(long rows, double engineSeconds, long bytes, double engineRowsPerSecond,
            double baselineRowsPerSecond, long peakHeapMb) {
    }

    /**
     * The line list through {@code ReportService.export}, and the same rows by a hand-written cursor through the
     * same writer, twice each, alternating: the second of each is measured (the first warms the writer's code).
     */
    private static ExportOutcome export(DSLContext dsl, ReportService reports, String until) {
        java.lang.management.ManagementFactory.getMemoryPoolMXBeans().forEach(java.lang.management.MemoryPoolMXBean::resetPeakUsage);
        List<TableColumn> columns = List.of(TableColumn.of("id", TableColumn.Kind.INTEGER),
                TableColumn.of("order_date", TableColumn.Kind.DATE),
                TableColumn.text("partner.name"), TableColumn.text("product.name"), TableColumn.text("status"),
                TableColumn.of("quantity", TableColumn.Kind.INTEGER),
                new TableColumn("amount", TableColumn.Kind.DECIMAL, "#,##0.00"));
        long rows = 0;
        long baselineRows = 0;
        long bytes = 0;
        double engineSeconds = 0;
        double baselineSeconds = 0;
        for (int round = 0; round < 2; round++) {
            long t = System.nanoTime();
            baselineRows = dsl.transactionResult(c -> {
                try (TableWriter writer = TableWriter.open(TabularFormat.XLSX, new CountingStream(), columns,
                        TableWriter.Options.defaults());
                        org.jooq.Cursor<Record> cursor = c.dsl().resultQuery("""
                                select l.id, l.order_date, p.name, pr.name, l.status, l.quantity, l.amount
                                from %1$s.order_line l
                                left join %1$s.partner p on p.id = l.partner
                                left join %1$s.product pr on pr.id = l.product
                                where l.order_date < cast(? as date) order by l.id""".formatted(S), until).fetchSize(1_000).fetchLazy()) {
                    for (Record r : cursor) {
                        writer.write(Arrays.asList(r.intoArray()));
                    }
                    return writer.rows();
                }
            });
            baselineSeconds = (System.nanoTime() - t) / 1e9;
            CountingStream engineOut = new CountingStream();
            t = System.nanoTime();
            try {
                rows = reports.export(CoreContext.ADMIN, APP, "line_list", Map.of(), TabularFormat.XLSX, null)
                        .writeTo(engineOut);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            engineSeconds = (System.nanoTime() - t) / 1e9;
            bytes = engineOut.bytes;
        }
        long peak = java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == java.lang.management.MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum() >> 20;
        if (baselineRows != rows) {
            throw new IllegalStateException("the export wrote " + rows + " rows, the hand-written cursor " + baselineRows);
        }
        return new ExportOutcome(rows, engineSeconds, bytes, rows / engineSeconds, baselineRows / baselineSeconds, peak);
    }

    /** Where the exported files go: counted, not kept. */
    private static final class CountingStream extends java.io.OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    private static boolean same(ReportResult result, List<List<Object>> expected) {
        if (result.rows().size() != expected.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            List<Object> a = result.rows().get(i);
            List<Object> b = expected.get(i);
            for (int j = 0; j < b.size(); j++) {
                Object x = a.get(j);
                Object y = b.get(j);
                boolean equal = x instanceof Number n ? new BigDecimal(n.toString()).setScale(6, RoundingMode.HALF_UP)
                        .compareTo(new BigDecimal(y.toString()).setScale(6, RoundingMode.HALF_UP)) == 0
                        : String.valueOf(x).equals(String.valueOf(y));
                if (!equal) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

}
