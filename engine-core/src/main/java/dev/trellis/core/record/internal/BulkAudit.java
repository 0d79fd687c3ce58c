package dev.trellis.core.record.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.trellis.core.Actor;
import dev.trellis.core.json.Json;
import dev.trellis.core.record.AuditEntry;
import dev.trellis.core.record.FieldChange;
import dev.trellis.core.record.RecordAction;
import dev.trellis.core.storage.ObjectTable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;

/**
 * The audit of bulk creates. A row per record would cost PostgreSQL as much as the records themselves,
 * so the records of a bulk create are audited in chunks: one row per {@value #CHUNK} records, holding
 * who, when, the range of ids and, gzip-compressed, a JSON array of {@code {"id": …, "changes": {…}}}
 * with every field's value. A record's history reads its create entry back from its chunk.
 */
final class BulkAudit {

    static final int CHUNK = 10_000;

    static final Table<Record> TABLE = table(name("trellis_sys", "audit_bulk"));
    static final Field<Long> ID = field(name("id"), SQLDataType.BIGINT);
    static final Field<Long> FIRST = field(name("first_record_id"), SQLDataType.BIGINT);
    static final Field<Long> LAST = field(name("last_record_id"), SQLDataType.BIGINT);
    static final Field<Integer> COUNT = field(name("record_count"), SQLDataType.INTEGER);
    static final Field<byte[]> CHANGES = field(name("changes"), SQLDataType.BLOB);

    private record Chunk(long first, long last, int count, byte[] changes) {
    }

    /**
     * Collects the audit of one bulk create, chunk by chunk, in memory until {@link #write}. The JSON
     * and compression are done on a thread of their own, fed in batches, while the caller streams the
     * records to PostgreSQL: the database ingests on one core, the two Java threads share the other.
     */
    static final class Writer implements AutoCloseable {
        private static final int BATCH = 512;
        private record Entry(long id, Object[] row) {
        }

        private final ObjectTable table;
        private final BlockingQueue<List<Entry>> queue = new ArrayBlockingQueue<>(64);
        private final List<Chunk> chunks = new ArrayList<>();
        private final Thread worker;
        private volatile Throwable failure;
        private List<Entry> batch = new ArrayList<>(BATCH);
        private ByteArrayOutputStream bytes;
        private JsonGenerator json;
        private long first;
        private long last;
        private int count;

        Writer(ObjectTable table) {
            this.table = table;
            this.worker = Thread.ofPlatform().name("trellis-bulk-audit").daemon().start(this::encodeAll);
        }

        /** Hands a written record to the audit; the row must not change afterwards. */
        void add(long id, Object[] row) {
            batch.add(new Entry(id, row));
            if (batch.size() == BATCH) {
                handOver();
            }
        }

        /** Inserts the chunks; the caller's transaction holds them together with the records. */
        void write(DSLContext dsl, Actor actor) {
            handOver();
            put(List.of());
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while finishing the bulk audit", e);
            }
            if (failure != null) {
                throw new IllegalStateException("the bulk audit failed", failure);
            }
            var insert = dsl.insertInto(TABLE, AuditLog.APP, AuditLog.OBJECT, AuditLog.ACTOR_ID, AuditLog.ACTOR, FIRST,
                    LAST, COUNT, CHANGES);
            for (Chunk chunk : chunks) {
                insert = insert.values(table.app(), table.name(), actor.userId(), actor.username(), chunk.first,
                        chunk.last, chunk.count, chunk.changes);
            }
            if (!chunks.isEmpty()) {
                insert.execute();
            }
        }

        /** Stops the worker of an abandoned bulk create. */
        @Override
        public void close() {
            worker.interrupt();
        }

        private void handOver() {
            if (!batch.isEmpty()) {
                put(batch);
                batch = new ArrayList<>(BATCH);
            }
        }

        private void put(List<Entry> entries) {
            if (failure != null) {
                throw new IllegalStateException("the bulk audit failed", failure);
            }
            try {
                queue.put(entries);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while auditing a bulk create", e);
            }
        }

        private void encodeAll() {
            try {
                for (List<Entry> entries = queue.take(); !entries.isEmpty(); entries = queue.take()) {
                    for (Entry entry : entries) {
                        encode(entry.id, entry.row);
                    }
                }
                if (json != null) {
                    seal();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                failure = e;
                queue.clear();
            }
        }

        private void encode(long id, Object[] row) {
            if (json == null) {
                open();
            }
            json.writeStartObject();
            json.writeNumberProperty("id", id);
            json.writeName("changes");
            AuditLog.writeCreated(json, table, row);
            json.writeEndObject();
            first = Math.min(first, id);
            last = Math.max(last, id);
            if (++count == CHUNK) {
                seal();
            }
        }

        private void open() {
            bytes = new ByteArrayOutputStream(1 << 20);
            try {
                GZIPOutputStream gzip = new GZIPOutputStream(bytes, 1 << 16) {
                    {
                        def.setLevel(Deflater.BEST_SPEED);
                    }
                };
                json = Json.MAPPER.createGenerator(gzip);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            json.writeStartArray();
            first = Long.MAX_VALUE;
            last = Long.MIN_VALUE;
            count = 0;
        }

        private void seal() {
            json.writeEndArray();
            json.close();
            chunks.add(new Chunk(first, last, count, bytes.toByteArray()));
            json = null;
        }
    }

    private final DSLContext dsl;

    BulkAudit(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The create entry of a record that a bulk create made, if one did. */
    Optional<AuditEntry> createEntry(String app, String object, long recordId, String onlyField) {
        for (Record r : dsl.select(ID, AuditLog.ACTOR_ID, AuditLog.ACTOR, AuditLog.AT, CHANGES).from(TABLE)
                .where(AuditLog.APP.eq(app), AuditLog.OBJECT.eq(object), FIRST.le(recordId), LAST.ge(recordId))
                .fetch()) {
            Optional<JsonNode> changes = find(r.get(CHANGES), recordId);
            if (changes.isPresent()) {
                List<FieldChange> list = new ArrayList<>();
                for (Map.Entry<String, JsonNode> e : changes.get().properties()) {
                    if (onlyField == null || onlyField.equals(e.getKey())) {
                        list.add(new FieldChange(e.getKey(), null, AuditLog.plain(e.getValue().get(1))));
                    }
                }
                if (onlyField != null && list.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new AuditEntry(-r.get(ID), app, object, recordId, RecordAction.CREATE,
                        r.get(AuditLog.ACTOR_ID), r.get(AuditLog.ACTOR), r.get(AuditLog.AT), list));
            }
        }
        return Optional.empty();
    }

    /** Streams through a chunk, parsing only the entry of the record looked for. */
    private static Optional<JsonNode> find(byte[] chunk, long recordId) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(chunk));
                JsonParser parser = Json.MAPPER.createParser(in)) {
            parser.nextToken(); // the array
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                parser.nextToken(); // "id"
                parser.nextToken();
                long id = parser.getLongValue();
                parser.nextToken(); // "changes"
                parser.nextToken();
                if (id == recordId) {
                    // the entry's changes only; the rest of the chunk is left unread
                    return Optional.of(Json.MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                            .readTree(parser));
                }
                parser.skipChildren();
                parser.nextToken(); // end of the entry
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
