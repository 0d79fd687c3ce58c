package dev.trellis.form.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.InvalidException;
import dev.trellis.core.Problem;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.record.FieldChange;
import dev.trellis.core.record.RecordAction;
import dev.trellis.core.record.RecordChangedEvent;
import dev.trellis.core.record.spi.RecordCheck;
import dev.trellis.core.record.spi.RecordListener;
import dev.trellis.core.storage.ObjectTable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Keeps files and records together on every write path, the plain records API included: before a write, a
 * file field may only be set to an upload for that field that the writer made and no record claimed (or that
 * the record holds already); after it, the record claims the file, lets go of (deletes) the one it replaced,
 * and a deleted record takes its files with it, in the write's transaction.
 */
public final class AttachmentLinks implements RecordCheck, RecordListener {

    private final MetadataService metadata;
    private final AttachmentStore claims;
    private final AttachmentStore committed;

    /**
     * @param dsl        the transaction-bound jOOQ context: claims happen in the write's transaction
     * @param dataSource the pool itself: checks read committed uploads on a connection of their own, because a
     *                   bulk create streams its rows on the transaction's connection while it checks them
     */
    public AttachmentLinks(MetadataService metadata, DSLContext dsl, DataSource dataSource) {
        this.metadata = metadata;
        this.claims = new AttachmentStore(dsl);
        this.committed = new AttachmentStore(DSL.using(dataSource, SQLDialect.POSTGRES));
    }

    private record FileFieldsKey(String object) {
    }

    private static List<FieldDefinition> fileFields(PublishedApp app, String object) {
        return app.compiled(new FileFieldsKey(object), p -> p.findObject(object).map(ObjectDefinition::fields)
                .orElse(List.of()).stream().filter(f -> f.type().isFile()).toList());
    }

    @Override
    public boolean appliesTo(PublishedApp app, String object) {
        return !fileFields(app, object).isEmpty();
    }

    @Override
    public boolean listensTo(String app, String object) {
        return !fileFields(metadata.published(app), object).isEmpty();
    }

    @Override
    public void check(Actor actor, PublishedApp app, String object, Map<String, Object> after, Map<String, Object> before,
            BiFunction<String, Long, Map<String, Object>> related, List<Problem> problems) {
        Long recordId = (Long) after.get(ObjectTable.ID);
        for (FieldDefinition field : fileFields(app, object)) {
            Object value = after.get(field.name());
            if (value == null || before != null && Objects.equals(before.get(field.name()), value)) {
                continue;
            }
            Problem problem = DefaultAttachmentService.check(committed, actor, app.name(), object, field.name(),
                    AttachmentLimits.of(field.type(), null), ((Number) value).longValue(), recordId);
            if (problem != null) {
                problems.add(new Problem(problem.code(), "/" + field.name(), problem.message(), problem.args()));
            }
        }
    }

    @Override
    public void onChange(RecordChangedEvent event) {
        if (event.action() == RecordAction.DELETE) {
            claims.releaseAll(event.app(), event.object(), event.id());
            return;
        }
        List<FieldDefinition> files = fileFields(metadata.published(event.app()), event.object());
        for (FieldChange change : event.changes()) {
            if (files.stream().noneMatch(f -> f.name().equals(change.field()))) {
                continue;
            }
            if (change.newValue() instanceof Number file
                    && !claims.claim(event.app(), event.object(), change.field(), file.longValue(), event.id())) {
                throw InvalidException.of("attachment-taken", "/" + change.field(), "file " + file
                        + " was taken by another record meanwhile; upload it again");
            }
            if (change.oldValue() instanceof Number old) {
                claims.release(event.app(), event.object(), old.longValue(), event.id());
            }
        }
    }
}
