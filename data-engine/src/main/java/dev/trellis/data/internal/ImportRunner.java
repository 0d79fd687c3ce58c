package dev.trellis.data.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.Problem;
import dev.trellis.core.TrellisException;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.record.BulkResult;
import dev.trellis.core.record.RecordService;
import dev.trellis.data.ImportJob;
import dev.trellis.data.ImportMode;
import dev.trellis.data.ImportProblem;
import dev.trellis.data.TableColumn;
import dev.trellis.data.TableWriter;
import dev.trellis.data.TabularFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Runs one import job. A reader thread streams the file and converts each row while this thread writes the
 * previous batch, so parsing and writing overlap. Every batch goes to {@code RecordService.bulkCreate} under a
 * savepoint of the job's one transaction: a batch with problems is rolled back to its savepoint, its bad rows
 * are taken out and the rest is tried again, so every row is checked by the record service itself and every
 * problem is known. At the end the transaction commits (valid rows only, or all rows when none had a problem)
 * or rolls back (a dry run, a problem in all-or-nothing mode, a cancel, a failure): nothing is half-written.
 */
final class ImportRunner implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);
    private static final Object END = new Object();
    private static final int MAX_RETRIES = 20;

    /** What the job needs to run, fixed when it starts. */
    record Plan(long jobId, Actor actor, String app, ObjectDefinition object, ImportMode mode, RowSource source,
            Path file, long headerRow, List<String> headers, List<ImportColumns.Bound> columns, String upsertKey,
            int batchSize, Path rejectedFile) {
    }

    private final Plan plan;
    private final RecordService records;
    private final ImportJobRepository repository;
    private final TransactionTemplate tx;
    private final TransactionTemplate savepoint;
    private final UniqueCheck unique;
    private final Upserts upserts;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final CellConverter converter = new CellConverter(ZoneId.systemDefault());
    private final LookupResolver lookups;
    private final List<ImportProblem> problems = new ArrayList<>();
    private volatile long read;
    private long written;
    private long updated;
    private long rejected;
    private long started;
    private long lastProgress;

    ImportRunner(Plan plan, RecordService records, ImportJobRepository repository,
            PlatformTransactionManager transactions, UniqueCheck unique, Upserts upserts) {
        this.plan = plan;
        this.records = records;
        this.repository = repository;
        this.tx = new TransactionTemplate(transactions);
        this.savepoint = new TransactionTemplate(transactions);
        savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.unique = unique;
        this.upserts = upserts;
        this.lookups = new LookupResolver(records, plan.actor(), plan.app(), converter);
    }

    void cancel() {
        cancelled.set(true);
    }

    @Override
    public void run() {
        started = System.nanoTime();
        repository.status(plan.jobId(), "running");
        String status;
        String message;
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(2);
        Thread reader = Thread.ofPlatform().name("trellis-import-read-" + plan.jobId()).daemon().start(() -> read(queue));
        try (RejectedRows rejects = new RejectedRows(plan.rejectedFile(), plan.headers())) {
            Outcome outcome = tx.execute(status1 -> {
                Outcome o = writeAll(queue, rejects);
                if (o != Outcome.COMMIT) {
                    status1.setRollbackOnly();
                }
                return o;
            });
            long rows = written + updated;
            switch (outcome) {
                case CANCELLED -> {
                    status = "cancelled";
                    message = "cancelled after " + read + " rows; nothing was written";
                }
                case DRY_RUN -> {
                    status = "done";
                    message = "dry run: " + rows + " rows would be written, " + rejected + " have problems";
                }
                case REJECTED -> {
                    status = "failed";
                    message = rejected + " rows have problems; nothing was written";
                }
                default -> {
                    status = "done";
                    message = written + " rows created" + (updated > 0 ? ", " + updated + " updated" : "")
                            + (rejected > 0 ? ", " + rejected + " rejected" : "");
                }
            }
            if (outcome != Outcome.COMMIT) {
                written = 0;
                updated = 0;
            }
        } catch (Failure f) {
            status = "failed";
            message = f.getMessage() + "; nothing was written";
            written = 0;
            updated = 0;
        } catch (RuntimeException | IOException e) {
            log.error("import job {} failed", plan.jobId(), e);
            status = "failed";
            message = "the import failed (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); nothing was written";
            written = 0;
            updated = 0;
        } finally {
            cancelled.set(true); // stops the reader if this thread stopped first
            queue.clear();
            reader.interrupt();
            try {
                plan.source().close();
                Files.deleteIfExists(plan.file());
            } catch (IOException e) {
                log.warn("could not clean up after import job {}", plan.jobId(), e);
            }
        }
        repository.finish(plan.jobId(), status, progress(true), message, problems,
                rejected > 0 && Files.exists(plan.rejectedFile()) ? plan.rejectedFile().toString() : null);
    }

    private enum Outcome { COMMIT, DRY_RUN, REJECTED, CANCELLED }

    /** A failure that ends the job with its message (an unreadable file, say). */
    private static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }
    }

    private Outcome writeAll(BlockingQueue<Object> queue, RejectedRows rejects) {
        while (true) {
            Object next;
            try {
                next = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.CANCELLED;
            }
            if (cancelled.get()) {
                return Outcome.CANCELLED;
            }
            if (next == null) {
                continue;
            }
            if (next == END) {
                break;
            }
            if (next instanceof TrellisException e) {
                throw new Failure(e.getMessage());
            }
            if (next instanceof Throwable t) {
                throw new Failure("the file could not be read: " + t.getMessage());
            }
            @SuppressWarnings("unchecked")
            List<PendingRow> batch = (List<PendingRow>) next;
            write(batch);
            for (PendingRow row : batch) {
                if (!row.clean()) {
                    rejected++;
                    rejects.add(row);
                    for (ImportProblem p : row.problems) {
                        if (problems.size() < ImportJob.MAX_PROBLEMS) {
                            problems.add(p);
                        }
                    }
                }
            }
            if (System.nanoTime() - lastProgress > 500_000_000L) {
                repository.progress(plan.jobId(), progress(false));
                lastProgress = System.nanoTime();
            }
        }
        if (plan.mode() == ImportMode.DRY_RUN) {
            return Outcome.DRY_RUN;
        }
        return plan.mode() == ImportMode.ALL_OR_NOTHING && rejected > 0 ? Outcome.REJECTED : Outcome.COMMIT;
    }

    /** Checks and writes one batch; rows that fail get their problems. */
    private void write(List<PendingRow> batch) {
        lookups.resolve(batch, plan.columns());
        List<PendingRow> creates = new ArrayList<>(batch.size());
        if (plan.upsertKey() != null) {
            updated += upserts.apply(plan, batch, creates, savepoint);
        } else {
            for (PendingRow row : batch) {
                if (row.clean()) {
                    creates.add(row);
                }
            }
        }
        for (int attempt = 0; !creates.isEmpty(); attempt++) {
            if (attempt == MAX_RETRIES) {
                creates.forEach(r -> r.problem(null, null, "import-not-checked", "not checked: too many problems"
                        + " in the rows around it"));
                return;
            }
            List<JsonNode> values = new ArrayList<>(creates.size());
            creates.forEach(r -> values.add(r.values));
            try {
                BulkResult result = savepoint.execute(s -> records.bulkCreate(plan.actor(), plan.app(),
                        plan.object().name(), values));
                written += result.created();
                return;
            } catch (TrellisException e) {
                creates = failed(creates, e);
            }
        }
    }

    /** Gives the rows the problems name their problems; the rows still to try, or none if no row was named. */
    private List<PendingRow> failed(List<PendingRow> rows, TrellisException e) {
        Map<String, String> headers = new HashMap<>();
        plan.columns().forEach(c -> headers.put(c.field().name(), c.header()));
        boolean named = false;
        List<Problem> found = e.problems().isEmpty() ? List.of(Problem.of(e.code(), "", e.getMessage())) : e.problems();
        boolean[] bad = new boolean[rows.size()];
        for (Problem p : found) {
            String[] parts = p.path().split("/", 4); // "", "records", index, field
            if (parts.length >= 3 && parts[1].equals("records") && parts[2].matches("\\d+")) {
                int index = Integer.parseInt(parts[2]);
                String field = parts.length > 3 ? parts[3] : null;
                rows.get(index).problem(field == null ? null : headers.getOrDefault(field, field), field, p.code(),
                        p.message());
                bad[index] = true;
                named = true;
            }
        }
        if (!named && e.code().equals("value-duplicate")) {
            // the database refused a unique value for the whole batch: find the rows (rare, so only now)
            unique.check(rows, plan.columns(), plan.upsertKey(), plan.app(), plan.object().name());
            named = rows.stream().anyMatch(r -> !r.clean());
            for (int i = 0; i < rows.size(); i++) {
                bad[i] = !rows.get(i).clean();
            }
        }
        if (!named) {
            rows.forEach(r -> r.problem(null, null, e.code(), e.getMessage()));
            return List.of();
        }
        List<PendingRow> rest = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (!bad[i]) {
                rest.add(rows.get(i));
            }
        }
        return rest;
    }

    /** The reader thread: rows to batches of converted values, then END, or the failure. */
    private void read(BlockingQueue<Object> queue) {
        List<PendingRow> batch = new ArrayList<>(plan.batchSize());
        try {
            plan.source().read(row -> {
                if (cancelled.get()) {
                    return false;
                }
                read = row.number();
                if (row.number() <= plan.headerRow() || row.blank()) {
                    return true;
                }
                batch.add(convert(row));
                if (batch.size() == plan.batchSize()) {
                    put(queue, new ArrayList<>(batch));
                    batch.clear();
                }
                return true;
            });
            if (!batch.isEmpty()) {
                put(queue, new ArrayList<>(batch));
            }
            put(queue, END);
        } catch (Throwable t) {
            if (!cancelled.get()) {
                put(queue, t);
            }
        }
    }

    private void put(BlockingQueue<Object> queue, Object item) {
        try {
            while (!cancelled.get() && !queue.offer(item, 200, TimeUnit.MILLISECONDS)) {
                // the writer is busy: wait, unless the job ended
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelled.set(true);
        }
    }

    private PendingRow convert(SourceRow source) {
        PendingRow row = new PendingRow(source, CellConverter.NODES.objectNode());
        for (SourceRow.Issue issue : source.issues()) {
            row.problem(issue.column() >= 0 && issue.column() < plan.headers().size() ? plan.headers().get(issue.column())
                    : null, null, issue.code(), issue.message());
        }
        Object[] cells = source.cells();
        for (ImportColumns.Bound column : plan.columns()) {
            Object cell = column.index() < cells.length ? cells[column.index()] : null;
            Object value = converter.convert(column.field(), cell);
            if (value instanceof CellConverter.Failure f) {
                row.problem(column.header(), column.field().name(), f.code(), f.message());
            } else if (value != null) {
                row.values.set(column.field().name(), (JsonNode) value);
            }
        }
        return row;
    }

    ImportJobRepository.Progress progress(boolean done) {
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        long rows = read;
        Double rate = rows == 0 ? null : Math.round(rows / seconds * 10) / 10.0;
        Long total = plan.source().lastRow();
        Long eta = null;
        double fraction = plan.source().fractionRead();
        if (!done && fraction > 0 && fraction < 1) {
            eta = Math.round(seconds * (1 - fraction) / fraction);
        }
        return new ImportJobRepository.Progress(Math.max(0, rows - plan.headerRow()), written, updated, rejected, rate,
                done ? Long.valueOf(0) : eta, total == null ? null : Math.max(0, total - plan.headerRow()));
    }

    /** The rejected rows as the user sent them, with their row number and what is wrong, as an xlsx file. */
    private static final class RejectedRows implements AutoCloseable {
        private final Path file;
        private final List<String> headers;
        private OutputStream out;
        private TableWriter writer;

        RejectedRows(Path file, List<String> headers) {
            this.file = file;
            this.headers = headers;
        }

        void add(PendingRow row) {
            try {
                if (writer == null) {
                    List<TableColumn> columns = new ArrayList<>();
                    columns.add(TableColumn.of("Row", TableColumn.Kind.INTEGER));
                    headers.forEach(h -> columns.add(TableColumn.text(h)));
                    columns.add(TableColumn.text("Reason"));
                    out = Files.newOutputStream(file);
                    writer = TableWriter.open(TabularFormat.XLSX, out, columns,
                            TableWriter.Options.defaults().withSheetName("Rejected rows"));
                }
                List<Object> cells = new ArrayList<>(headers.size() + 2);
                cells.add(row.source.number());
                Object[] source = row.source.cells();
                for (int i = 0; i < headers.size(); i++) {
                    cells.add(i < source.length ? source[i] : null);
                }
                List<String> reasons = new ArrayList<>();
                for (ImportProblem p : row.problems) {
                    reasons.add((p.column() == null ? "" : p.column() + ": ") + p.message());
                }
                cells.add(String.join("; ", reasons));
                if (writer.rows() < TableWriter.XLSX_MAX_ROWS) {
                    writer.write(cells);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            if (writer != null) {
                try {
                    writer.close();
                } finally {
                    out.close();
                }
            }
        }
    }
}
