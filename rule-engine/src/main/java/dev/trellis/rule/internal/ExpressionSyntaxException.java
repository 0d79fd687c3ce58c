package dev.trellis.rule.internal;

/** A problem found while reading or checking an expression, at an offset into its source. */
final class ExpressionSyntaxException extends RuntimeException {

    private final String code;
    private final int offset;

    ExpressionSyntaxException(String code, int offset, String message) {
        super(message, null, false, false);
        this.code = code;
        this.offset = offset;
    }

    String code() {
        return code;
    }

    int offset() {
        return offset;
    }
}
