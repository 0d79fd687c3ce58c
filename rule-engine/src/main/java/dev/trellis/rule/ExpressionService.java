package dev.trellis.rule;

import dev.trellis.core.Problem;
import dev.trellis.core.metadata.PublishedApp;
import java.util.List;

/**
 * The one way any module evaluates an analyst's expression. Every expression is read and type-checked
 * against its scope by Trellis's own grammar before anything is compiled: only literals, operators,
 * conditionals, field paths that exist and library functions by name get through. What MVEL compiles is
 * generated from that checked tree, never the analyst's text.
 */
public interface ExpressionService {

    /** The maximum length of an expression's source. */
    int MAX_LENGTH = 4_000;

    /**
     * Every problem of an expression, with {@code path} as the JSON path of the expression in its document
     * and the line and column in the message and the problem's args. {@code expected} null accepts any type.
     */
    List<Problem> check(ExpressionScope scope, String source, ValueType expected, String path);

    /** Checks and compiles; throws {@code InvalidException} with the problems when it does not check. */
    Expression compile(ExpressionScope scope, String source, ValueType expected);

    /** Like {@link #compile} on a published object, compiled once per generation of the app. */
    Expression compiled(PublishedApp app, String object, String source, ValueType expected);

    /** The functions an expression may call, with their signatures, for designers and documentation. */
    List<String> functions();
}
