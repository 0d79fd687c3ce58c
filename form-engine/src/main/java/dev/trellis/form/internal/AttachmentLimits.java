package dev.trellis.form.internal;

import dev.trellis.core.metadata.FieldType;
import dev.trellis.form.FormElement;
import java.util.List;

/**
 * What a file field takes: its size limit in bytes and the content types allowed, from the form's widget or,
 * without one, a default per field type. Active content (programs, HTML, SVG) is refused whatever a form says.
 */
record AttachmentLimits(long maxSize, List<String> accept) {

    /** No file is larger, whatever a form says: the bytes travel through memory and one bytea value. */
    static final long HARD_LIMIT = 25L * 1024 * 1024;

    static final List<String> IMAGES = List.of("image/png", "image/jpeg", "image/gif", "image/webp");

    static final List<String> DOCUMENTS = List.of("image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf",
            "application/zip", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation", "text/plain", "text/csv");

    static AttachmentLimits of(FieldType type, FormElement element) {
        long defaultSize = type == FieldType.IMAGE ? 10L * 1024 * 1024 : 20L * 1024 * 1024;
        List<String> defaultTypes = type == FieldType.IMAGE ? IMAGES : DOCUMENTS;
        if (element == null) {
            return new AttachmentLimits(defaultSize, defaultTypes);
        }
        return new AttachmentLimits(element.maxSize() == null ? defaultSize : Math.min(element.maxSize(), HARD_LIMIT),
                element.accept().isEmpty() ? defaultTypes : element.accept());
    }
}
