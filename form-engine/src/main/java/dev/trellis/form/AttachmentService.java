package dev.trellis.form;

import dev.trellis.core.Actor;

/**
 * Files of attachment and image fields. An upload is checked and stored for one field of one object; the
 * client then sets the field to the file's id in a record write or a form submission, which claims it for
 * that record. A claimed file is served only to those who can read its record and see its field; an unclaimed
 * one only to whoever uploaded it. Anyone else gets a 404, as for a file that does not exist.
 */
public interface AttachmentService {

    /**
     * Stores a file for {@code field} of {@code object}: its content type is sniffed from the bytes, a file whose
     * name promises another type (a {@code .png} holding a zip) is refused as disguised, and size and type must
     * fit the field's widget on {@code form} (or the field type's defaults when no form is named). The caller
     * must be allowed to set the field. Every problem is an {@code InvalidException} (400); nothing is stored then.
     */
    Attachment upload(Actor actor, String app, String object, String field, String form, String fileName,
            byte[] content);

    /** The file's description, if the actor may read it. */
    Attachment describe(Actor actor, String app, long id);

    /** The file with its bytes, if the actor may read it. */
    AttachmentContent download(Actor actor, String app, long id);

    /** The largest file any field takes, in bytes: callers stop reading a request body past it. */
    long maxUploadSize();
}
