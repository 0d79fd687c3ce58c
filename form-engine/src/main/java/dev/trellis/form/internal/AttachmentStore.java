package dev.trellis.form.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.trellis.form.Attachment;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/** The {@code trellis_sys.attachment} table: files with their description, and which record claimed them. */
final class AttachmentStore {

    private static final Table<Record> ATTACHMENT = table(name("trellis_sys", "attachment"));
    private static final Field<Long> ID = field(name("id"), SQLDataType.BIGINT);
    private static final Field<String> APP = field(name("app"), SQLDataType.CLOB);
    private static final Field<String> OBJECT = field(name("object"), SQLDataType.CLOB);
    private static final Field<String> FIELD = field(name("field"), SQLDataType.CLOB);
    private static final Field<Long> RECORD_ID = field(name("record_id"), SQLDataType.BIGINT);
    private static final Field<String> FILE_NAME = field(name("file_name"), SQLDataType.CLOB);
    private static final Field<String> CONTENT_TYPE = field(name("content_type"), SQLDataType.CLOB);
    private static final Field<Long> SIZE = field(name("size_bytes"), SQLDataType.BIGINT);
    private static final Field<String> SHA256 = field(name("sha256"), SQLDataType.CHAR(64));
    private static final Field<byte[]> CONTENT = field(name("content"), SQLDataType.BLOB);
    private static final Field<Long> UPLOADED_BY = field(name("uploaded_by"), SQLDataType.BIGINT);
    private static final Field<OffsetDateTime> UPLOADED_AT = field(name("uploaded_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);

    /** How long an upload no record claimed is kept: long enough to finish filling in a form. */
    static final Duration UNCLAIMED_KEPT = Duration.ofDays(1);

    private final DSLContext dsl;

    AttachmentStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    Attachment insert(String app, String object, String field, String fileName, String contentType, byte[] content,
            String sha256, long uploadedBy) {
        Record r = dsl.insertInto(ATTACHMENT).set(APP, app).set(OBJECT, object).set(FIELD, field).set(FILE_NAME, fileName)
                .set(CONTENT_TYPE, contentType).set(SIZE, (long) content.length).set(SHA256, sha256).set(CONTENT, content)
                .set(UPLOADED_BY, uploadedBy).returning(ID, UPLOADED_AT).fetchSingle();
        return new Attachment(r.get(ID), app, object, field, null, fileName, contentType, content.length, sha256,
                uploadedBy, r.get(UPLOADED_AT));
    }

    /** The file's description (without its bytes), in the given app. */
    Optional<Attachment> find(String app, long id) {
        return dsl.select(ID, APP, OBJECT, FIELD, RECORD_ID, FILE_NAME, CONTENT_TYPE, SIZE, SHA256, UPLOADED_BY, UPLOADED_AT)
                .from(ATTACHMENT).where(ID.eq(id), APP.eq(app)).fetchOptional(r -> new Attachment(r.value1(), r.value2(),
                        r.value3(), r.value4(), r.value5(), r.value6(), r.value7(), r.value8(), r.value9().trim(),
                        r.value10(), r.value11()));
    }

    byte[] content(long id) {
        return dsl.select(CONTENT).from(ATTACHMENT).where(ID.eq(id)).fetchSingle(CONTENT);
    }

    /** Claims a file for a record; false when another record has it already. */
    boolean claim(String app, String object, String field, long id, long recordId) {
        return dsl.update(ATTACHMENT).set(RECORD_ID, recordId)
                .where(ID.eq(id), APP.eq(app), OBJECT.eq(object), FIELD.eq(field),
                        RECORD_ID.isNull().or(RECORD_ID.eq(recordId)))
                .execute() == 1;
    }

    /** Deletes a file a record let go of (its field changed or cleared). */
    void release(String app, String object, long id, long recordId) {
        dsl.deleteFrom(ATTACHMENT).where(ID.eq(id), APP.eq(app), OBJECT.eq(object), RECORD_ID.eq(recordId)).execute();
    }

    /** Deletes the files of a deleted record. */
    void releaseAll(String app, String object, long recordId) {
        dsl.deleteFrom(ATTACHMENT).where(APP.eq(app), OBJECT.eq(object), RECORD_ID.eq(recordId)).execute();
    }

    /** Deletes a user's uploads that no record claimed within {@link #UNCLAIMED_KEPT}. */
    void purgeUnclaimed(long uploadedBy) {
        dsl.deleteFrom(ATTACHMENT).where(UPLOADED_BY.eq(uploadedBy), RECORD_ID.isNull(),
                UPLOADED_AT.lt(OffsetDateTime.now().minus(UNCLAIMED_KEPT))).execute();
    }
}
