package dev.trellis.data.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.ForbiddenException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.NotFoundException;
import dev.trellis.core.Problem;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.record.Permissions;
import dev.trellis.core.record.RecordService;
import dev.trellis.data.ColumnMapping;
import dev.trellis.data.ImportJob;
import dev.trellis.data.ImportOptions;
import dev.trellis.data.ImportPreview;
import dev.trellis.data.ImportService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.springframework.transaction.PlatformTransactionManager;

/** Imports as jobs on a small pool of their own; see {@link ImportRunner} for how one runs. */
public final class DefaultImportService implements ImportService, AutoCloseable {

    private static final int SAMPLE_ROWS = 10;

    private final MetadataService metadata;
    private final RecordService records;
    private final PlatformTransactionManager transactions;
    private final ImportJobRepository repository;
    private final UniqueCheck unique;
    private final Upserts upserts;
    private final Path workDir;
    private final ExecutorService pool;
    private final Map<Long, ImportRunner> running = new ConcurrentHashMap<>();

    public DefaultImportService(MetadataService metadata, RecordService records, DataSource dataSource, DSLContext dsl,
            PlatformTransactionManager transactions, Path workDir, int threads) {
        this.metadata = metadata;
        this.records = records;
        this.transactions = transactions;
        this.repository = new ImportJobRepository(dataSource);
        this.unique = new UniqueCheck(metadata, dsl);
        this.upserts = new Upserts(records);
        this.workDir = workDir;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> Thread.ofPlatform().daemon()
                .name("trellis-import-" + n.incrementAndGet()).unstarted(r));
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        repository.failAbandoned();
    }

    /** What the head of a file says: how it reads, its header and columns. */
    private record Head(RowSource source, boolean header, long headerRow, List<String> headers,
            List<List<String>> sample) {
    }

    private ObjectDefinition importable(Actor actor, String app, String object) {
        ObjectDefinition definition = metadata.published(app).getObject(object);
        if (!records.permissions(actor, app, object).create()) {
            throw new ForbiddenException("object-import-forbidden", "you may not create " + object
                    + " records, so you may not import them");
        }
        return definition;
    }

    private static Head head(RowSource source, ObjectDefinition object, ImportOptions options) throws IOException {
        List<SourceRow> rows = new ArrayList<>();
        source.read(row -> {
            if (!row.blank()) {
                rows.add(row);
            }
            return rows.size() <= SAMPLE_ROWS;
        });
        if (rows.isEmpty()) {
            throw InvalidException.of("file-no-rows", "/file", "the file has no rows"
                    + (source.sheet() != null ? " in sheet '" + source.sheet() + "'" : ""));
        }
        SourceRow first = rows.get(0);
        boolean header = options.header() != null ? options.header() : ImportColumns.looksLikeHeader(first.cells(), object);
        int width = rows.stream().mapToInt(r -> r.cells().length).max().orElse(0);
        Object[] headerCells = java.util.Arrays.copyOf(first.cells(), width);
        List<String> headers = ImportColumns.headers(headerCells, header);
        List<List<String>> sample = new ArrayList<>();
        for (SourceRow row : header ? rows.subList(1, rows.size()) : rows.subList(0, Math.min(rows.size(), SAMPLE_ROWS))) {
            List<String> cells = new ArrayList<>();
            for (Object cell : row.cells()) {
                cells.add(cell == null ? null : CellConverter.text(cell));
            }
            sample.add(cells);
        }
        return new Head(source, header, header ? first.number() : 0, headers, sample);
    }

    @Override
    public ImportPreview preview(Actor actor, String app, String object, String fileName, Path file,
            ImportOptions options) {
        ObjectDefinition definition = importable(actor, app, object);
        try (RowSource source = SourceFiles.open(file, fileName, options)) {
            Head head = head(source, definition, options);
            List<ColumnMapping> suggested = ImportColumns.suggest(head.headers(), definition, metadata.published(app));
            List<String> unmapped = head.headers().stream()
                    .filter(h -> suggested.stream().noneMatch(m -> m.column().equals(h))).toList();
            return new ImportPreview(source.format(), source.encoding(),
                    source.delimiter() == null ? null : String.valueOf(source.delimiter()), source.sheets(),
                    source.sheet(), head.header(), head.headers(), suggested, unmapped, head.sample());
        } catch (IOException e) {
            throw SourceFiles.translate(e);
        }
    }

    @Override
    public ImportJob start(Actor actor, String app, String object, String fileName, Path file, ImportOptions options) {
        ObjectDefinition definition = importable(actor, app, object);
        PublishedApp published = metadata.published(app);
        Permissions permissions = records.permissions(actor, app, object);
        String name = fileName == null || fileName.isBlank() ? "upload" : Path.of(fileName).getFileName().toString();
        Path kept = workDir.resolve("import-" + UUID.randomUUID() + ".upload");
        RowSource source = null;
        try {
            Files.move(file, kept, StandardCopyOption.REPLACE_EXISTING);
            source = SourceFiles.open(kept, name, options);
            Head head = head(source, definition, options);
            List<ColumnMapping> mapping = options.mapping();
            if (mapping == null && options.mappingName() != null) {
                mapping = findMapping(app, object, options.mappingName()).orElseThrow(() -> InvalidException.of(
                        "mapping-unknown", "/mappingName", "no saved mapping '" + options.mappingName() + "' of " + object));
            }
            if (mapping == null) {
                mapping = ImportColumns.suggest(head.headers(), definition, published);
            }
            List<ImportColumns.Bound> columns = ImportColumns.bind(mapping, head.headers(), definition, published,
                    permissions);
            checkUpsertKey(options.upsertKey(), definition, columns);
            Long total = source.lastRow() == null ? null : Math.max(0, source.lastRow() - head.headerRow());
            long id = repository.insert(actor, app, object, options.mode(), name, source.format(), options, mapping, total);
            ImportRunner.Plan plan = new ImportRunner.Plan(id, actor, app, definition, options.mode(), source, kept,
                    head.headerRow(), head.headers(), columns, options.upsertKey(), options.effectiveBatchSize(),
                    workDir.resolve("import-" + id + "-rejected.xlsx"));
            ImportRunner runner = new ImportRunner(plan, records, repository, transactions, unique, upserts);
            running.put(id, runner);
            pool.execute(() -> {
                try {
                    runner.run();
                } finally {
                    running.remove(id);
                }
            });
            return repository.find(app, id).orElseThrow();
        } catch (IOException e) {
            close(source, kept);
            throw SourceFiles.translate(e);
        } catch (RuntimeException e) {
            close(source, kept);
            throw e;
        }
    }

    private static void close(RowSource source, Path kept) {
        try {
            if (source != null) {
                source.close();
            }
            Files.deleteIfExists(kept);
        } catch (IOException e) {
            // the refusal matters more than the leftover file
        }
    }

    private static void checkUpsertKey(String key, ObjectDefinition object, List<ImportColumns.Bound> columns) {
        if (key == null) {
            return;
        }
        FieldDefinition field = object.findField(key).orElse(null);
        String problem = field == null ? "object " + object.name() + " has no field '" + key + "'"
                : !field.unique() ? key + " is not unique, so it cannot say which record a row updates"
                : columns.stream().noneMatch(c -> c.field().name().equals(key)) ? "no column is mapped to " + key
                : null;
        if (problem != null) {
            throw new InvalidException(List.of(Problem.of("upsert-key-invalid", "/upsertKey", problem)));
        }
    }

    @Override
    public ImportJob job(Actor actor, String app, long id) {
        ImportJob job = repository.find(app, id).orElse(null);
        if (job == null || !actor.isAdmin() && job.createdBy() != actor.userId()) {
            throw new NotFoundException("import-job-not-found", "no import job " + id + " of yours in app " + app);
        }
        return job;
    }

    @Override
    public List<ImportJob> jobs(Actor actor, String app, int limit) {
        if (limit < 1 || limit > 1000) {
            throw InvalidException.of("query-limit-invalid", "/limit", "limit is a whole number from 1 to 1000");
        }
        return repository.list(app, actor.isAdmin() ? null : actor.userId(), limit);
    }

    @Override
    public ImportJob cancel(Actor actor, String app, long id) {
        ImportJob job = job(actor, app, id);
        ImportRunner runner = running.get(id);
        if (runner != null) {
            runner.cancel();
        }
        return job;
    }

    @Override
    public Optional<Path> rejectedRows(Actor actor, String app, long id) {
        ImportJob job = job(actor, app, id);
        if (!job.finished()) {
            return Optional.empty();
        }
        return repository.rejectedFile(id).map(Path::of).filter(Files::exists);
    }

    @Override
    public void saveMapping(Actor actor, String app, String object, String name, List<ColumnMapping> mapping) {
        ObjectDefinition definition = importable(actor, app, object);
        if (name == null || !name.matches("[\\p{L}\\p{N}_ .-]{1,64}")) {
            throw InvalidException.of("mapping-name-invalid", "/name", "a mapping name is 1 to 64 letters, digits,"
                    + " spaces, _ . or -");
        }
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < mapping.size(); i++) {
            ColumnMapping m = mapping.get(i);
            if (m.column() == null || m.column().isBlank()) {
                problems.add(Problem.of("mapping-column-missing", "/columns/" + i + "/column", "name the file column"));
            }
            if (m.field() == null || definition.findField(m.field()).filter(ImportColumns::importable).isEmpty()) {
                problems.add(Problem.of("field-unknown", "/columns/" + i + "/field", "object " + object
                        + " has no importable field '" + m.field() + "'"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidException(problems);
        }
        repository.saveMapping(actor, app, object, name, mapping);
    }

    @Override
    public Optional<List<ColumnMapping>> findMapping(String app, String object, String name) {
        return repository.findMapping(app, object, name);
    }

    @Override
    public List<String> mappings(String app, String object) {
        return repository.mappings(app, object);
    }

    @Override
    public void close() {
        running.values().forEach(ImportRunner::cancel);
        pool.shutdown();
    }
}
