package dev.trellis.rule.internal;

/** A token of an expression: its kind, its text as written and where it starts (an offset into the source). */
record Token(Kind kind, String text, int offset) {

    enum Kind {
        NUMBER, STRING, IDENTIFIER, OPERATOR, END
    }

    boolean is(String operator) {
        return kind == Kind.OPERATOR && text.equals(operator);
    }
}
