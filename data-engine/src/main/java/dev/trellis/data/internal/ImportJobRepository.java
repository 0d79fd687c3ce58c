package dev.trellis.data.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.trellis.core.Actor;
import dev.trellis.core.json.Json;
import dev.trellis.data.ColumnMapping;
import dev.trellis.data.ImportJob;
import dev.trellis.data.ImportMode;
import dev.trellis.data.ImportProblem;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import tools.jackson.core.type.TypeReference;

/**
 * Import jobs and saved mappings in {@code trellis_sys}. Progress is written on a connection of its own, outside
 * the import's transaction, so it is visible while the rows are still uncommitted and survives a rollback.
 */
final class ImportJobRepository {

    private static final Table<Record> JOB = table(name("trellis_sys", "import_job"));
    private static final Field<Long> ID = field(name("id"), Long.class);
    private static final Field<String> APP = field(name("app"), String.class);
    private static final Field<String> OBJECT = field(name("object"), String.class);
    private static final Field<String> MODE = field(name("mode"), String.class);
    private static final Field<String> STATUS = field(name("status"), String.class);
    private static final Field<String> FILE_NAME = field(name("file_name"), String.class);
    private static final Field<String> FORMAT = field(name("format"), String.class);
    private static final Field<Long> CREATED_BY = field(name("created_by"), Long.class);
    private static final Field<String> CREATED_BY_NAME = field(name("created_by_name"), String.class);
    private static final Field<OffsetDateTime> CREATED_AT = field(name("created_at"), OffsetDateTime.class);
    private static final Field<OffsetDateTime> FINISHED_AT = field(name("finished_at"), OffsetDateTime.class);
    private static final Field<Long> ROWS_TOTAL = field(name("rows_total"), Long.class);
    private static final Field<Long> ROWS_READ = field(name("rows_read"), Long.class);
    private static final Field<Long> ROWS_WRITTEN = field(name("rows_written"), Long.class);
    private static final Field<Long> ROWS_UPDATED = field(name("rows_updated"), Long.class);
    private static final Field<Long> ROWS_REJECTED = field(name("rows_rejected"), Long.class);
    private static final Field<Double> RATE = field(name("rows_per_second"), Double.class);
    private static final Field<Long> ETA = field(name("eta_seconds"), Long.class);
    private static final Field<String> MESSAGE = field(name("message"), String.class);
    private static final Field<JSONB> OPTIONS = field(name("options"), JSONB.class);
    private static final Field<JSONB> MAPPING = field(name("mapping"), JSONB.class);
    private static final Field<JSONB> PROBLEMS = field(name("problems"), JSONB.class);
    private static final Field<String> REJECTED_FILE = field(name("rejected_file"), String.class);

    private static final Table<Record> SAVED = table(name("trellis_sys", "import_mapping"));
    private static final Field<String> SAVED_NAME = field(name("name"), String.class);
    private static final Field<JSONB> SAVED_COLUMNS = field(name("columns"), JSONB.class);

    /** Live figures of a running job. */
    record Progress(long read, long written, long updated, long rejected, Double rate, Long eta, Long total) {
    }

    private final DSLContext dsl;

    ImportJobRepository(DataSource dataSource) {
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
    }

    long insert(Actor actor, String app, String object, ImportMode mode, String fileName, String format,
            Object options, List<ColumnMapping> mapping, Long total) {
        return dsl.insertInto(JOB).set(APP, app).set(OBJECT, object).set(MODE, mode.jsonName()).set(STATUS, "queued")
                .set(FILE_NAME, fileName).set(FORMAT, format).set(CREATED_BY, actor.userId())
                .set(CREATED_BY_NAME, actor.username()).set(ROWS_TOTAL, total)
                .set(OPTIONS, JSONB.valueOf(Json.write(Json.MAPPER.valueToTree(options))))
                .set(MAPPING, JSONB.valueOf(Json.write(Json.MAPPER.valueToTree(mapping))))
                .returning(ID).fetchSingle(ID);
    }

    void status(long id, String status) {
        dsl.update(JOB).set(STATUS, status).where(ID.eq(id), STATUS.in("queued", "running")).execute();
    }

    void progress(long id, Progress p) {
        dsl.update(JOB).set(ROWS_READ, p.read()).set(ROWS_WRITTEN, p.written()).set(ROWS_UPDATED, p.updated())
                .set(ROWS_REJECTED, p.rejected()).set(RATE, p.rate()).set(ETA, p.eta()).set(ROWS_TOTAL, p.total())
                .where(ID.eq(id)).execute();
    }

    void finish(long id, String status, Progress p, String message, List<ImportProblem> problems, String rejectedFile) {
        dsl.update(JOB).set(STATUS, status).set(FINISHED_AT, DSL.currentOffsetDateTime())
                .set(ROWS_READ, p.read()).set(ROWS_WRITTEN, p.written()).set(ROWS_UPDATED, p.updated())
                .set(ROWS_REJECTED, p.rejected()).set(RATE, p.rate()).set(ETA, 0L).set(MESSAGE, message)
                .set(PROBLEMS, JSONB.valueOf(Json.write(Json.MAPPER.valueToTree(problems))))
                .set(REJECTED_FILE, rejectedFile)
                .where(ID.eq(id)).execute();
    }

    Optional<ImportJob> find(String app, long id) {
        return dsl.select(JOB.asterisk()).from(JOB).where(ID.eq(id), APP.eq(app)).fetchOptional(this::job);
    }

    Optional<String> rejectedFile(long id) {
        return dsl.select(REJECTED_FILE).from(JOB).where(ID.eq(id)).fetchOptional(REJECTED_FILE);
    }

    List<ImportJob> list(String app, Long createdBy, int limit) {
        Condition mine = createdBy == null ? DSL.noCondition() : CREATED_BY.eq(createdBy);
        return dsl.select(JOB.asterisk()).from(JOB).where(APP.eq(app), mine).orderBy(ID.desc()).limit(limit)
                .fetch(this::job);
    }

    /** Jobs a stopped server left running: they end failed (their transaction died with the server). */
    void failAbandoned() {
        dsl.update(JOB).set(STATUS, "failed").set(FINISHED_AT, DSL.currentOffsetDateTime())
                .set(MESSAGE, "the server stopped while the import ran; nothing was written")
                .set(ROWS_WRITTEN, 0L).set(ROWS_UPDATED, 0L)
                .where(STATUS.in("queued", "running")).execute();
    }

    private ImportJob job(Record r) {
        return new ImportJob(r.get(ID), r.get(APP), r.get(OBJECT), ImportMode.named(r.get(MODE)), r.get(STATUS),
                r.get(FILE_NAME), r.get(FORMAT), r.get(CREATED_BY), r.get(CREATED_BY_NAME), r.get(CREATED_AT),
                r.get(FINISHED_AT), r.get(ROWS_TOTAL), r.get(ROWS_READ), r.get(ROWS_WRITTEN), r.get(ROWS_UPDATED),
                r.get(ROWS_REJECTED), r.get(RATE), r.get(ETA), r.get(MESSAGE),
                Json.MAPPER.readValue(r.get(MAPPING).data(), new TypeReference<List<ColumnMapping>>() { }),
                Json.MAPPER.readValue(r.get(PROBLEMS).data(), new TypeReference<List<ImportProblem>>() { }),
                r.get(REJECTED_FILE) != null);
    }

    void saveMapping(Actor actor, String app, String object, String mappingName, List<ColumnMapping> columns) {
        JSONB json = JSONB.valueOf(Json.write(Json.MAPPER.valueToTree(columns)));
        dsl.insertInto(SAVED).set(APP, app).set(OBJECT, object).set(SAVED_NAME, mappingName).set(SAVED_COLUMNS, json)
                .set(field(name("saved_by"), Long.class), actor.userId())
                .onConflict(APP, OBJECT, SAVED_NAME).doUpdate().set(SAVED_COLUMNS, json)
                .set(field(name("saved_by"), Long.class), actor.userId())
                .set(field(name("saved_at"), OffsetDateTime.class), DSL.currentOffsetDateTime())
                .execute();
    }

    Optional<List<ColumnMapping>> findMapping(String app, String object, String mappingName) {
        return dsl.select(SAVED_COLUMNS).from(SAVED).where(APP.eq(app), OBJECT.eq(object), SAVED_NAME.eq(mappingName))
                .fetchOptional(r -> Json.MAPPER.readValue(r.value1().data(), new TypeReference<List<ColumnMapping>>() { }));
    }

    List<String> mappings(String app, String object) {
        return dsl.select(SAVED_NAME).from(SAVED).where(APP.eq(app), OBJECT.eq(object)).orderBy(SAVED_NAME)
                .fetch(SAVED_NAME);
    }
}
