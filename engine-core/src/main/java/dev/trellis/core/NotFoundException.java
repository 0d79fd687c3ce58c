package dev.trellis.core;

/** An app, object, metadata item, version or record that does not exist (HTTP 404). */
public class NotFoundException extends TrellisException {

    public NotFoundException(String code, String message) {
        super(code, message);
    }
}
