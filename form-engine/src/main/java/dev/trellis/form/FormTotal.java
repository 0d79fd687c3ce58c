package dev.trellis.form;

/** A total under a sub-table as the server computed it from the lines: {@code sum} of {@code amount}, say. */
public record FormTotal(String field, String function, Object value) {
}
