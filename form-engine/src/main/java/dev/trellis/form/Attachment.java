package dev.trellis.form;

import java.time.OffsetDateTime;

/**
 * A stored file of an attachment or image field: what it is (content type sniffed from its bytes), how big,
 * its SHA-256 checksum, and which record claimed it ({@code recordId} null until a record's field is set to it).
 */
public record Attachment(long id, String app, String object, String field, Long recordId, String fileName,
        String contentType, long size, String sha256, long uploadedBy, OffsetDateTime uploadedAt) {
}
