package dev.trellis.core;

import java.util.List;

/** The actor may not do this (HTTP 403); the problems name each field or record refused. */
public class ForbiddenException extends TrellisException {

    public ForbiddenException(String code, String message) {
        super(code, message);
    }

    public ForbiddenException(String code, String message, List<Problem> problems) {
        super(code, message, problems, null);
    }

    /** Refused for the fields or rows the problems name; the code is the single problem's, or "forbidden". */
    public static ForbiddenException of(List<Problem> problems) {
        String code = problems.stream().map(Problem::code).distinct().count() == 1 ? problems.get(0).code() : "forbidden";
        String message = problems.size() == 1 ? problems.get(0).message()
                : problems.size() + " fields or records may not be written by you";
        return new ForbiddenException(code, message, problems);
    }
}
