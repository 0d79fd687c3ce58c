package dev.trellis.bench;

import static dev.trellis.bench.RecordServiceBench.progress;

import dev.trellis.core.Actor;
import dev.trellis.core.json.Json;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.testing.CoreContext;
import dev.trellis.core.testing.TestDatabase;
import dev.trellis.data.DataEngineConfiguration;
import dev.trellis.data.ImportJob;
import dev.trellis.data.ImportMode;
import dev.trellis.data.ImportOptions;
import dev.trellis.data.ImportService;
import dev.trellis.data.TableColumn;
import dev.trellis.data.TableWriter;
import dev.trellis.data.TabularFormat;
import dev.trellis.rule.RuleEngineConfiguration;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.jooq.impl.DSL;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The data bench: imports of a generated N-row file of a 10-field object, end to end (parse, convert, check,
 * write through the record service, in one transaction), as CSV and as xlsx, against the record service's
 * {@code bulkCreate} of the same rows in the same batches as the baseline, in one run on one embedded
 * PostgreSQL. It reports rows/s, the ratio to the baseline and the peak heap used; run it with
 * {@code -Xmx512m} ({@code ./trellis bench data} does) for the heap target. Arguments: {@code [rows (default
 * 1,000,000)]}. Summary in {@code bench/target/data-bench-results.txt}.
 */
public final class DataBench {

    static final String APP = "data_bench";
    private static final int BATCH = ImportOptions.DEFAULT_BATCH;
    private static final String[] FIELDS = {"code", "name", "city", "tier", "quantity", "price", "amount", "since",
        "active", "note"};
    private static final String[] CITIES = {"上海", "北京", "广州", "深圳", "杭州", "成都", "Wuhan", "Nanjing"};
    private static final String[] TIERS = {"gold", "silver", "bronze"};

    private DataBench() {
    }

    private static JsonNode object(String name) {
        return Json.parse("""
                {"name": "%s", "nameField": "name", "fields": [
                  {"name": "code", "type": "text", "unique": true, "maxLength": 32},
                  {"name": "name", "type": "text", "required": true},
                  {"name": "city", "type": "text"},
                  {"name": "tier", "type": "picklist", "values": [{"value": "gold"}, {"value": "silver"}, {"value": "bronze"}]},
                  {"name": "quantity", "type": "integer"},
                  {"name": "price", "type": "decimal", "scale": 2},
                  {"name": "amount", "type": "currency"},
                  {"name": "since", "type": "date"},
                  {"name": "active", "type": "boolean"},
                  {"name": "note", "type": "long_text"}]}""".formatted(name));
    }

    private static List<Object> row(int i) {
        return List.of(String.format("C%08d", i), "Partner " + i, CITIES[i % CITIES.length], TIERS[i % 3], i % 1000,
                BigDecimal.valueOf(i % 10_000, 2), BigDecimal.valueOf(i % 1_000_000, 2),
                LocalDate.of(2020, 1, 1).plusDays(i % 2000), i % 2 == 0, "note " + i);
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        double loadBefore = RecordServiceBench.loadAverage();
        progress("starting the embedded PostgreSQL and the engine");
        CoreContext.extend(RuleEngineConfiguration.class, DataEngineConfiguration.class);
        DataSource dataSource = TestDatabase.dataSource();
        try {
            CoreContext.publishApp(APP, object("bulk_item"), object("csv_item"), object("xlsx_item"));
            Path dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "data-bench"));
            List<TableColumn> columns = new ArrayList<>();
            for (String f : FIELDS) {
                columns.add(TableColumn.text(f));
            }
            progress("writing %,d rows as CSV and as xlsx with the table writer", rows);
            long t0 = System.nanoTime();
            Path csv = write(dir.resolve("items.csv"), TabularFormat.CSV, columns, rows);
            double csvWrite = seconds(t0);
            t0 = System.nanoTime();
            Path xlsx = write(dir.resolve("items.xlsx"), TabularFormat.XLSX, columns, rows);
            double xlsxWrite = seconds(t0);

            RecordService records = CoreContext.records();
            Actor actor = CoreContext.ADMIN;
            progress("baseline: RecordService.bulkCreate of the same %,d rows in batches of %,d, one transaction", rows, BATCH);
            System.gc();
            t0 = System.nanoTime();
            new TransactionTemplate(CoreContext.get().getBean(org.springframework.transaction.PlatformTransactionManager.class))
                    .executeWithoutResult(s -> {
                        List<JsonNode> batch = new ArrayList<>(BATCH);
                        for (int i = 0; i < rows; i++) {
                            batch.add(json(row(i)));
                            if (batch.size() == BATCH || i == rows - 1) {
                                records.bulkCreate(actor, APP, "bulk_item", batch);
                                batch.clear();
                            }
                        }
                    });
            double bulk = seconds(t0);

            ImportService imports = CoreContext.get().getBean(ImportService.class);
            progress("import of the CSV file (%,d MB), valid rows only", Files.size(csv) >> 20);
            Outcome csvImport = importFile(imports, actor, "csv_item", csv);
            progress("import of the xlsx file (%,d MB), valid rows only", Files.size(xlsx) >> 20);
            Outcome xlsxImport = importFile(imports, actor, "xlsx_item", xlsx);

            long[] counts = new long[3];
            String[] objects = {"bulk_item", "csv_item", "xlsx_item"};
            for (int i = 0; i < 3; i++) {
                counts[i] = CoreContext.dsl().fetchCount(DSL.table(DSL.name("app_" + APP, objects[i])));
            }
            RecordServiceBench.report(summary(rows, loadBefore, csvWrite, xlsxWrite, bulk, csvImport, xlsxImport,
                    counts, Files.size(csv), Files.size(xlsx)), RecordServiceBench.resultsFile(
                    "data-bench-results.txt"));
        } finally {
            RecordServiceBench.stopDatabase(dataSource);
        }
    }

    /** One import: its job, the wall time from start to finish, and the peak heap used while it ran. */
    record Outcome(ImportJob job, double seconds, long peakHeap) {
    }

    private static Outcome importFile(ImportService imports, Actor actor, String object, Path file) throws Exception {
        Path upload = Files.copy(file, file.resolveSibling("upload-" + file.getFileName()));
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long t0 = System.nanoTime();
        ImportJob job = imports.start(actor, APP, object, file.getFileName().toString(), upload,
                ImportOptions.of(ImportMode.VALID_ONLY));
        while (!job.finished()) {
            Thread.sleep(100);
            job = imports.job(actor, APP, job.id());
        }
        double seconds = seconds(t0);
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        return new Outcome(job, seconds, peak);
    }

    private static ObjectNode json(List<Object> row) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        for (int f = 0; f < FIELDS.length; f++) {
            Object v = row.get(f);
            switch (v) {
                case String s -> node.put(FIELDS[f], s);
                case Integer n -> node.put(FIELDS[f], n);
                case BigDecimal d -> node.put(FIELDS[f], d);
                case Boolean b -> node.put(FIELDS[f], b);
                default -> node.put(FIELDS[f], v.toString());
            }
        }
        return node;
    }

    private static Path write(Path path, TabularFormat format, List<TableColumn> columns, int rows) throws Exception {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
                TableWriter writer = TableWriter.open(format, out, columns, TableWriter.Options.defaults())) {
            for (int i = 0; i < rows; i++) {
                writer.write(row(i));
            }
        }
        return path;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static String summary(int rows, double loadBefore, double csvWrite, double xlsxWrite, double bulk,
            Outcome csv, Outcome xlsx, long[] counts, long csvBytes, long xlsxBytes) {
        StringBuilder b = new StringBuilder();
        Runtime runtime = Runtime.getRuntime();
        b.append(String.format(Locale.ROOT, "Data bench, %s, JDK %s, %d CPUs, heap max %,d MB, load average %.2f at"
                        + " start, %.2f at end%n", LocalDateTime.now().truncatedTo(ChronoUnit.MINUTES), Runtime.version(),
                runtime.availableProcessors(), runtime.maxMemory() >> 20, loadBefore, RecordServiceBench.loadAverage()));
        b.append(String.format(Locale.ROOT, "%,d rows of a 10-field object (text ×3 incl. a unique code, picklist,"
                + " integer, decimal, currency, date, boolean, long text)%n%n", rows));
        b.append(String.format(Locale.ROOT, "| %-58s | %8s | %9s | %8s | %13s | %s%n", "", "seconds", "rows/s",
                "of bulk", "peak heap MB", "target"));
        double bulkRate = rows / bulk;
        b.append(line("RecordService.bulkCreate, batches of " + BATCH + " (baseline)", bulk, rows, bulkRate, -1, ""));
        b.append(line("import CSV (" + (csvBytes >> 20) + " MB) end to end, " + csv.job().status(), csv.seconds(),
                csv.job().rowsWritten(), bulkRate, csv.peakHeap(), "≥ 50,000 rows/s"));
        b.append(line("import xlsx (" + (xlsxBytes >> 20) + " MB) end to end, " + xlsx.job().status(), xlsx.seconds(),
                xlsx.job().rowsWritten(), bulkRate, xlsx.peakHeap(), "≥ 20,000 rows/s, heap ≤ 512 MB"));
        b.append(String.format(Locale.ROOT, "%nwriting the files with the table writer: CSV %.1f s (%,.0f rows/s),"
                + " xlsx %.1f s (%,.0f rows/s)%n", csvWrite, rows / csvWrite, xlsxWrite, rows / xlsxWrite));
        b.append(String.format(Locale.ROOT, "rows stored: bulk %,d, CSV %,d, xlsx %,d%n", counts[0], counts[1], counts[2]));
        b.append("\"of bulk\" is the import's rows/s as a fraction of the baseline's; peak heap is the sum of the heap"
                + " pools' peaks while the import ran (an upper bound).\n");
        return b.toString();
    }

    private static String line(String name, double seconds, long rows, double bulkRate, long peak, String target) {
        double rate = rows / seconds;
        String heap = peak < 0 ? "" : String.format(Locale.ROOT, "%,d", peak >> 20);
        return String.format(Locale.ROOT, "| %-58s | %8.1f | %,9.0f | %8.2f | %13s | %s%n", name, seconds, rate,
                rate / bulkRate, heap, target);
    }
}
