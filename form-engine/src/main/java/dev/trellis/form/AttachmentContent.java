package dev.trellis.form;

/** A stored file with its bytes, for downloading. */
public record AttachmentContent(Attachment attachment, byte[] content) {
}
