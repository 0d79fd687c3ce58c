package dev.trellis.core.metadata.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.trellis.core.json.Json;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import tools.jackson.databind.JsonNode;

/** Storage of metadata items, their immutable versions and app generations in {@code trellis_meta}. */
final class MetadataRepository {

    static final Table<Record> ITEM = table(name("trellis_meta", "metadata_item"));
    static final Table<Record> VERSION = table(name("trellis_meta", "metadata_version"));
    static final Table<Record> GENERATION = table(name("trellis_meta", "app_generation"));

    static final Field<String> APP = field(name("app"), SQLDataType.CLOB);
    static final Field<String> KIND = field(name("kind"), SQLDataType.CLOB);
    static final Field<String> NAME = field(name("name"), SQLDataType.CLOB);
    static final Field<Integer> LATEST = field(name("latest_version"), SQLDataType.INTEGER);
    static final Field<Integer> PUBLISHED = field(name("published_version"), SQLDataType.INTEGER);
    static final Field<Integer> VERSION_NO = field(name("version"), SQLDataType.INTEGER);
    static final Field<JSONB> BODY = field(name("body"), SQLDataType.JSONB);
    static final Field<String> AUTHOR = field(name("author"), SQLDataType.CLOB);
    static final Field<OffsetDateTime> CREATED_AT = field(name("created_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    static final Field<String> COMMENT = field(name("comment"), SQLDataType.CLOB);
    static final Field<OffsetDateTime> PUBLISHED_AT = field(name("published_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    static final Field<Integer> GENERATION_NO = field(name("generation"), SQLDataType.INTEGER);
    static final Field<String> PUBLISHED_BY = field(name("published_by"), SQLDataType.CLOB);
    static final Field<JSONB> PLAN = field(name("plan"), SQLDataType.JSONB);

    record Item(String app, String kind, String name, int latest, Integer published) {
        boolean hasDraft() {
            return published == null || latest > published;
        }
    }

    record Version(String app, String kind, String name, int version, JsonNode body, String author,
            OffsetDateTime createdAt, String comment, OffsetDateTime publishedAt) {
    }

    private final DSLContext dsl;

    MetadataRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    Optional<Item> findItem(String app, String kind, String name) {
        return dsl.select(APP, KIND, NAME, LATEST, PUBLISHED).from(ITEM)
                .where(APP.eq(app), KIND.eq(kind), NAME.eq(name))
                .fetchOptional(this::item);
    }

    List<Item> items(String app) {
        return dsl.select(APP, KIND, NAME, LATEST, PUBLISHED).from(ITEM).where(APP.eq(app))
                .orderBy(KIND, NAME).fetch(this::item);
    }

    List<String> apps() {
        return dsl.selectDistinct(APP).from(ITEM).orderBy(APP).fetch(APP);
    }

    /** Appends a version; the item's counter is bumped under its row lock, so versions never collide. */
    int append(String app, String kind, String name, JsonNode body, String author, String comment) {
        int version = dsl.insertInto(ITEM, APP, KIND, NAME, LATEST).values(app, kind, name, 1)
                .onConflict(APP, KIND, NAME).doUpdate().set(LATEST, q(ITEM, LATEST).plus(1))
                .returningResult(LATEST).fetchSingle(LATEST);
        dsl.insertInto(VERSION, APP, KIND, NAME, VERSION_NO, BODY, AUTHOR, COMMENT)
                .values(app, kind, name, version, body == null ? null : JSONB.valueOf(Json.write(body)), author, comment)
                .execute();
        return version;
    }

    Optional<Version> findVersion(String app, String kind, String name, int version) {
        return dsl.select(APP, KIND, NAME, VERSION_NO, BODY, AUTHOR, CREATED_AT, COMMENT, PUBLISHED_AT).from(VERSION)
                .where(APP.eq(app), KIND.eq(kind), NAME.eq(name), VERSION_NO.eq(version))
                .fetchOptional(this::version);
    }

    List<Version> versions(String app, String kind, String name) {
        return dsl.select(APP, KIND, NAME, VERSION_NO, BODY, AUTHOR, CREATED_AT, COMMENT, PUBLISHED_AT).from(VERSION)
                .where(APP.eq(app), KIND.eq(kind), NAME.eq(name))
                .orderBy(VERSION_NO.desc()).fetch(this::version);
    }

    /** The latest version of every item of the app (drafts included), or of one kind. */
    List<Version> latestVersions(String app, String kind) {
        return versionsPointedAtBy(LATEST, app, kind == null ? DSL.noCondition() : q(ITEM, KIND).eq(kind));
    }

    /** The published version of every item of the app that is live (deleted items excluded). */
    List<Version> publishedVersions(String app) {
        return versionsPointedAtBy(PUBLISHED, app, q(VERSION, BODY).isNotNull());
    }

    /** For each item of the app, the version its {@code pointer} column (latest or published) names. */
    private List<Version> versionsPointedAtBy(Field<Integer> pointer, String app, Condition condition) {
        var join = ITEM.join(VERSION).on(q(ITEM, APP).eq(q(VERSION, APP)), q(ITEM, KIND).eq(q(VERSION, KIND)),
                q(ITEM, NAME).eq(q(VERSION, NAME)), q(ITEM, pointer).eq(q(VERSION, VERSION_NO)));
        return dsl.select(q(VERSION, APP), q(VERSION, KIND), q(VERSION, NAME), q(VERSION, VERSION_NO),
                        q(VERSION, BODY), q(VERSION, AUTHOR), q(VERSION, CREATED_AT), q(VERSION, COMMENT),
                        q(VERSION, PUBLISHED_AT))
                .from(join)
                .where(q(ITEM, APP).eq(app), condition)
                .orderBy(q(VERSION, KIND), q(VERSION, NAME))
                .fetch(this::version);
    }

    void markPublished(Item item) {
        dsl.update(ITEM).set(PUBLISHED, item.latest())
                .where(APP.eq(item.app()), KIND.eq(item.kind()), NAME.eq(item.name())).execute();
        dsl.update(VERSION).set(PUBLISHED_AT, DSL.currentOffsetDateTime())
                .where(APP.eq(item.app()), KIND.eq(item.kind()), NAME.eq(item.name()), VERSION_NO.eq(item.latest()))
                .execute();
    }

    int currentGeneration(String app) {
        return dsl.select(DSL.coalesce(DSL.max(GENERATION_NO), 0)).from(GENERATION).where(APP.eq(app))
                .fetchSingle().value1();
    }

    void insertGeneration(String app, int generation, String author, String comment, JsonNode plan) {
        dsl.insertInto(GENERATION, APP, GENERATION_NO, PUBLISHED_BY, COMMENT, PLAN)
                .values(app, generation, author, comment, JSONB.valueOf(Json.write(plan))).execute();
    }

    /** Serialises publishes of one app: the second waits for the first to commit. */
    void lockApp(String app) {
        lock("pg_advisory_xact_lock", app);
    }

    /**
     * Lets saves of one app run side by side but never during its publish, which reads the drafts more
     * than once and marks the versions it read as published.
     */
    void lockAppShared(String app) {
        lock("pg_advisory_xact_lock_shared", app);
    }

    private void lock(String function, String app) {
        dsl.select(DSL.function(function, Object.class,
                DSL.function("hashtext", Integer.class, DSL.val("trellis.publish:" + app)))).fetch();
    }

    boolean schemaExists(String schema) {
        return dsl.fetchExists(DSL.selectOne().from(table(name("information_schema", "schemata")))
                .where(field(name("schema_name"), String.class).eq(schema)));
    }

    /** A column qualified by its table, for the joins (plain-SQL tables know no fields of their own). */
    private static <T> Field<T> q(Table<?> table, Field<T> column) {
        return field(table.getQualifiedName().append(column.getUnqualifiedName()), column.getDataType());
    }

    private Item item(Record r) {
        return new Item(r.get(APP), r.get(KIND), r.get(NAME), r.get(LATEST), r.get(PUBLISHED));
    }

    private Version version(Record r) {
        JSONB body = r.get(BODY);
        return new Version(r.get(APP), r.get(KIND), r.get(NAME), r.get(VERSION_NO),
                body == null ? null : Json.parse(body.data()), r.get(AUTHOR), r.get(CREATED_AT), r.get(COMMENT),
                r.get(PUBLISHED_AT));
    }
}
