package dev.trellis.core;

import java.util.Map;

/**
 * One thing wrong with an input: a stable kebab-case {@code code}, the JSON pointer of the offending
 * value ({@code /fields/2/name}, {@code /records/17/amount}), a message for people and the arguments
 * the message was built from. Validators collect every problem instead of stopping at the first.
 */
public record Problem(String code, String path, String message, Map<String, Object> args) {

    public Problem {
        args = args == null ? Map.of() : Map.copyOf(args);
    }

    public static Problem of(String code, String path, String message) {
        return new Problem(code, path, message, Map.of());
    }

    /** The same problem reported under a parent path, e.g. a record's problem inside a bulk request. */
    public Problem under(String prefix) {
        return new Problem(code, prefix + path, message, args);
    }
}
