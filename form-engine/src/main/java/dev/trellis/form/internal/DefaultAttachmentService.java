package dev.trellis.form.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.ForbiddenException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.NotFoundException;
import dev.trellis.core.Problem;
import dev.trellis.core.TrellisException;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.record.Permissions;
import dev.trellis.core.record.RecordService;
import dev.trellis.form.Attachment;
import dev.trellis.form.AttachmentContent;
import dev.trellis.form.AttachmentService;
import dev.trellis.form.FormDefinition;
import dev.trellis.form.FormElement;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * Uploads checked by their bytes and stored in PostgreSQL, served through the permissions of the record that
 * claimed them. The checks of a file a record or a submission points at live here too, so a form, the record
 * service and an upload judge a file the same way.
 */
public final class DefaultAttachmentService implements AttachmentService {

    private final MetadataService metadata;
    private final RecordService records;
    private final AttachmentStore store;

    public DefaultAttachmentService(MetadataService metadata, RecordService records, DSLContext dsl) {
        this.metadata = metadata;
        this.records = records;
        this.store = new AttachmentStore(dsl);
    }

    @Override
    public long maxUploadSize() {
        return AttachmentLimits.HARD_LIMIT;
    }

    @Override
    public Attachment upload(Actor actor, String app, String object, String field, String form, String fileName,
            byte[] content) {
        PublishedApp published = metadata.published(app);
        FieldDefinition definition = published.getObject(object).findField(field).orElse(null);
        if (definition == null || !definition.type().isFile()) {
            throw InvalidException.of("field-not-a-file", "/field", "object " + object + " has no attachment or image"
                    + " field '" + field + "'");
        }
        Permissions permissions = records.permissions(actor, app, object);
        if (!(permissions.create() || permissions.edit()) || !permissions.canSet(field)) {
            throw new ForbiddenException("field-forbidden", "you may not set field " + field + " of " + object);
        }
        FormElement element = form == null ? null : element(published, form, object, field);
        AttachmentLimits limits = AttachmentLimits.of(definition.type(), element);
        String name = fileName(fileName);
        List<Problem> problems = new ArrayList<>();
        if (name == null) {
            problems.add(Problem.of("attachment-name-required", "/name", "send the file's name, like photo.png"));
        }
        String type = ContentSniffer.sniff(content, name);
        if (content.length == 0) {
            problems.add(Problem.of("attachment-empty", "/file", "the file is empty"));
        } else {
            checkFile(name, type, content.length, limits, "/file", problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidException(problems);
        }
        store.purgeUnclaimed(actor.userId());
        return store.insert(app, object, field, name, type, content, sha256(content), actor.userId());
    }

    /** Size, disguise, active content and the types the field takes: every problem of an upload's bytes. */
    private static void checkFile(String name, String type, long size, AttachmentLimits limits, String path,
            List<Problem> problems) {
        if (size > limits.maxSize()) {
            problems.add(new Problem("attachment-too-large", path, "the file has " + size + " bytes; at most "
                    + limits.maxSize() + " are taken here", Map.of("maxSize", limits.maxSize(), "size", size)));
        }
        String promised = name == null ? null : ContentSniffer.promised(name);
        if (promised != null && !promised.equals(type)) {
            problems.add(new Problem("attachment-disguised", path, name + " is " + ContentSniffer.describe(type)
                    + ", not " + ContentSniffer.describe(promised), Map.of("contentType", type)));
        } else if (ContentSniffer.ACTIVE.contains(type)) {
            problems.add(new Problem("attachment-type-refused", path, name + " is " + ContentSniffer.describe(type)
                    + "; such files are never stored", Map.of("contentType", type)));
        } else if (!limits.accept().contains(type)) {
            problems.add(new Problem("attachment-type-not-allowed", path, ContentSniffer.describe(type) + " ("
                    + type + ") is not taken here; allowed: " + limits.accept(), Map.of("contentType", type)));
        }
    }

    /**
     * The problem of a file a record's field is set to, or null: it must be an upload for this field that the
     * record already holds, or one the actor uploaded and no record claimed, within the limits of the widget.
     */
    Problem check(Actor actor, String app, String object, String field, AttachmentLimits limits, long id,
            Long recordId) {
        return check(store, actor, app, object, field, limits, id, recordId);
    }

    static Problem check(AttachmentStore store, Actor actor, String app, String object, String field,
            AttachmentLimits limits, long id, Long recordId) {
        Attachment file = store.find(app, id).orElse(null);
        boolean usable = file != null && file.object().equals(object) && file.field().equals(field)
                && (file.recordId() == null ? file.uploadedBy() == actor.userId() || actor.isAdmin()
                        : file.recordId().equals(recordId));
        if (!usable) {
            return Problem.of("attachment-unknown", "", "there is no file " + id + " uploaded for " + object + "."
                    + field + " that this record may take");
        }
        List<Problem> problems = new ArrayList<>();
        if (file.recordId() == null) { // a file the record holds already was fine when it took it
            checkFile(file.fileName(), file.contentType(), file.size(), limits, "", problems);
        }
        return problems.isEmpty() ? null : problems.getFirst();
    }

    @Override
    public Attachment describe(Actor actor, String app, long id) {
        Attachment file = store.find(app, id).orElseThrow(() -> notFound(id));
        if (file.recordId() == null) {
            if (file.uploadedBy() != actor.userId() && !actor.isAdmin()) {
                throw notFound(id);
            }
            return file;
        }
        Map<String, Object> record;
        try {
            record = records.get(actor, app, file.object(), file.recordId(), Set.of());
        } catch (NotFoundException | ForbiddenException e) {
            throw notFound(id); // the same answer whether the record is out of reach or the file does not exist
        }
        Object value = record.get(file.field());
        if (!(value instanceof Number n) || n.longValue() != id) {
            throw notFound(id);
        }
        return file;
    }

    @Override
    public AttachmentContent download(Actor actor, String app, long id) {
        Attachment file = describe(actor, app, id);
        return new AttachmentContent(file, store.content(id));
    }

    private static TrellisException notFound(long id) {
        return new NotFoundException("attachment-not-found", "there is no file " + id);
    }

    /** The form's widget of a field of the object: on the form itself or in one of its sub-tables. */
    private static FormElement element(PublishedApp app, String form, String object, String field) {
        FormDefinition definition = app.find(FormKind.NAME, form, FormDefinition.class)
                .orElseThrow(() -> new NotFoundException("form-not-found", "there is no form '" + form + "'"));
        return find(definition.layout(), definition.object().equals(object), object, field);
    }

    private static FormElement find(List<FormElement> elements, boolean inScope, String object, String field) {
        for (FormElement e : elements) {
            if (FormElement.FIELD.equals(e.type()) && inScope && field.equals(e.field())) {
                return e;
            }
            FormElement found = find(e.children(), FormElement.LINES.equals(e.type()) ? object.equals(e.object()) : inScope,
                    object, field);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** The name without any directory part, control characters or excess length; null when nothing is left. */
    private static String fileName(String name) {
        if (name == null) {
            return null;
        }
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1)
                .replaceAll("\\p{Cntrl}", "").strip();
        if (base.length() > 255) {
            base = base.substring(base.length() - 255);
        }
        return base.isEmpty() ? null : base;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
