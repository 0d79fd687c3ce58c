package dev.trellis.core;

/** The actor may not do this (HTTP 403). */
public class ForbiddenException extends TrellisException {

    public ForbiddenException(String code, String message) {
        super(code, message);
    }
}
