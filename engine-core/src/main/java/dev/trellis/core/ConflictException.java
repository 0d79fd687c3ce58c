package dev.trellis.core;

import java.util.List;

/** The request is well formed but collides with the current state: a stale version, a duplicate
 *  unique value, an unconfirmed destructive change (HTTP 409). */
public class ConflictException extends TrellisException {

    public ConflictException(String code, String message) {
        super(code, message);
    }

    public ConflictException(String code, String message, List<Problem> problems, Throwable cause) {
        super(code, message, problems, cause);
    }
}
