package dev.trellis.rule.internal;

import dev.trellis.core.InvalidException;
import dev.trellis.core.Problem;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.rule.Expression;
import dev.trellis.rule.ExpressionScope;
import dev.trellis.rule.ExpressionService;
import dev.trellis.rule.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads, checks and compiles expressions; compiled ones are kept per published generation. */
public final class DefaultExpressionService implements ExpressionService {

    private record Key(String object, String source, ValueType expected) {
    }

    private sealed interface Outcome {
    }

    private record Compiled(CompiledExpression expression) implements Outcome {
    }

    private record Refused(List<Problem> problems) implements Outcome {
    }

    @Override
    public List<Problem> check(ExpressionScope scope, String source, ValueType expected, String path) {
        return switch (translate(scope, source, expected, path)) {
            case Compiled c -> List.of();
            case Refused r -> r.problems();
        };
    }

    @Override
    public Expression compile(ExpressionScope scope, String source, ValueType expected) {
        return switch (translate(scope, source, expected, "")) {
            case Compiled c -> c.expression();
            case Refused r -> throw new InvalidException(r.problems());
        };
    }

    @Override
    public Expression compiled(PublishedApp app, String object, String source, ValueType expected) {
        return app.compiled(new Key(object, source, expected), p -> compile(ExpressionScope.of(p, object), source, expected));
    }

    @Override
    public List<String> functions() {
        return Library.FUNCTIONS.values().stream().map(Library.Signature::describe).toList();
    }

    private Outcome translate(ExpressionScope scope, String source, ValueType expected, String path) {
        if (source == null || source.isBlank()) {
            return refused(path, "expression-empty", source == null ? "" : source, 0, "the expression is empty");
        }
        if (source.length() > MAX_LENGTH) {
            return refused(path, "expression-too-long", source, MAX_LENGTH, "an expression has at most " + MAX_LENGTH
                    + " characters; this one has " + source.length());
        }
        Node tree;
        try {
            tree = Parser.parse(source);
        } catch (ExpressionSyntaxException e) {
            return refused(path, e.code(), source, e.offset(), e.getMessage());
        }
        Compiler.Result result = Compiler.compile(scope, tree);
        if (!result.issues().isEmpty()) {
            List<Problem> problems = new ArrayList<>();
            for (Compiler.Issue issue : result.issues()) {
                problems.add(problem(path, issue.code(), source, issue.offset(), issue.message()));
            }
            return new Refused(problems);
        }
        if (expected != null && result.type() != expected) {
            return refused(path, "expression-type-mismatch", source, 0, "the expression must give "
                    + expected.jsonName() + ", and it gives " + result.type().jsonName());
        }
        return new Compiled(new CompiledExpression(source, result.type(), result.mvel(), result.slots()));
    }

    private static Refused refused(String path, String code, String source, int offset, String message) {
        return new Refused(List.of(problem(path, code, source, offset, message)));
    }

    /** A problem whose message and args say the line and column (1-based) of the offset. */
    private static Problem problem(String path, String code, String source, int offset, String message) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(offset, source.length()); i++) {
            if (source.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new Problem(code, path, "line " + line + ", column " + column + ": " + message,
                Map.of("line", line, "column", column));
    }
}
