package dev.trellis.core;

import java.util.List;

/**
 * The root of every exception Trellis throws on purpose. The {@code code} is stable and kebab-case;
 * the runtime maps each subtype to one HTTP status in one place.
 */
public class TrellisException extends RuntimeException {

    private final String code;
    private final List<Problem> problems;

    public TrellisException(String code, String message) {
        this(code, message, List.of(), null);
    }

    public TrellisException(String code, String message, List<Problem> problems, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.problems = List.copyOf(problems);
    }

    public String code() {
        return code;
    }

    /** Every problem found, each with its JSON path; empty when the message says it all. */
    public List<Problem> problems() {
        return problems;
    }
}
