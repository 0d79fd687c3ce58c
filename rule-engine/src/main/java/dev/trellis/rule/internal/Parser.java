package dev.trellis.rule.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads tokens into a {@link Node} tree by recursive descent. The grammar, loosest first:
 * <pre>
 * expression  := or ( '?' expression ':' expression )?
 * or          := and ( '||' and )*          and      := equality ( '&&' equality )*
 * equality    := comparison ( ('=='|'!=') comparison )*
 * comparison  := sum ( ('<'|'<='|'>'|'>=') sum )*
 * sum         := product ( ('+'|'-') product )*   product := unary ( ('*'|'/'|'%') unary )*
 * unary       := ('!'|'-') unary | primary
 * primary     := number | text | true | false | '(' expression ')' | '[' list ']'
 *              | name '(' arguments ')' | name ( '.' name )*
 * </pre>
 * There are no statements, assignments, loops, definitions, {@code new}, method calls or property
 * access on values: a dot may only join names of a path, and a call is only a bare function name.
 */
final class Parser {

    static final int MAX_DEPTH = 64;

    private final List<Token> tokens;
    private int at;
    private int depth;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static Node parse(String source) {
        Parser parser = new Parser(Lexer.tokens(source));
        Node node = parser.expression();
        Token rest = parser.peek();
        if (rest.kind() != Token.Kind.END) {
            throw new ExpressionSyntaxException("expression-syntax", rest.offset(), rest.is(".")
                    ? "'.' may only join the names of a field path: values have no properties or methods here"
                    : "unexpected '" + rest.text() + "' after a complete expression");
        }
        return node;
    }

    private Token peek() {
        return tokens.get(at);
    }

    private Token take() {
        return tokens.get(at++);
    }

    private boolean accept(String operator) {
        if (peek().is(operator)) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(String operator, String what) {
        if (!accept(operator)) {
            Token t = peek();
            throw new ExpressionSyntaxException("expression-syntax", t.offset(), "expected '" + operator + "' " + what
                    + (t.kind() == Token.Kind.END ? ", found the end" : ", found '" + t.text() + "'"));
        }
    }

    private Node expression() {
        if (++depth > MAX_DEPTH) {
            throw new ExpressionSyntaxException("expression-too-deep", peek().offset(),
                    "the expression nests more than " + MAX_DEPTH + " levels deep");
        }
        Node condition = or();
        if (peek().is("?")) {
            int offset = take().offset();
            Node then = expression();
            expect(":", "between the two results of a '?'");
            Node otherwise = expression();
            condition = new Node.Conditional(condition, then, otherwise, offset);
        }
        depth--;
        return condition;
    }

    private Node or() {
        Node left = and();
        while (peek().is("||")) {
            int offset = take().offset();
            left = new Node.Binary("||", left, and(), offset);
        }
        return left;
    }

    private Node and() {
        Node left = equality();
        while (peek().is("&&")) {
            int offset = take().offset();
            left = new Node.Binary("&&", left, equality(), offset);
        }
        return left;
    }

    private Node equality() {
        Node left = comparison();
        while (peek().is("==") || peek().is("!=")) {
            Token op = take();
            left = new Node.Binary(op.text(), left, comparison(), op.offset());
        }
        return left;
    }

    private Node comparison() {
        Node left = sum();
        while (peek().is("<") || peek().is("<=") || peek().is(">") || peek().is(">=")) {
            Token op = take();
            left = new Node.Binary(op.text(), left, sum(), op.offset());
        }
        return left;
    }

    private Node sum() {
        Node left = product();
        while (peek().is("+") || peek().is("-")) {
            Token op = take();
            left = new Node.Binary(op.text(), left, product(), op.offset());
        }
        return left;
    }

    private Node product() {
        Node left = unary();
        while (peek().is("*") || peek().is("/") || peek().is("%")) {
            Token op = take();
            left = new Node.Binary(op.text(), left, unary(), op.offset());
        }
        return left;
    }

    private Node unary() {
        if (peek().is("!") || peek().is("-")) {
            Token op = take();
            if (++depth > MAX_DEPTH) {
                throw new ExpressionSyntaxException("expression-too-deep", op.offset(),
                        "the expression nests more than " + MAX_DEPTH + " levels deep");
            }
            Node operand = unary();
            depth--;
            return new Node.Unary(op.text(), operand, op.offset());
        }
        return primary();
    }

    private Node primary() {
        Token t = take();
        switch (t.kind()) {
            case NUMBER -> {
                return new Node.Number(new BigDecimal(t.text()), t.offset());
            }
            case STRING -> {
                return new Node.Text(t.text(), t.offset());
            }
            case IDENTIFIER -> {
                return name(t);
            }
            case END -> throw new ExpressionSyntaxException("expression-syntax", t.offset(),
                    "the expression ends where a value was expected");
            default -> {
                if (t.is("(")) {
                    Node inner = expression();
                    expect(")", "to close the '('");
                    return inner;
                }
                if (t.is("[")) {
                    List<Node> items = new ArrayList<>();
                    if (!accept("]")) {
                        do {
                            items.add(expression());
                        } while (accept(","));
                        expect("]", "to close the list");
                    }
                    return new Node.ListOf(items, t.offset());
                }
                throw new ExpressionSyntaxException("expression-syntax", t.offset(),
                        "unexpected '" + t.text() + "' where a value was expected");
            }
        }
    }

    private Node name(Token first) {
        switch (first.text()) {
            case "true" -> {
                return new Node.Bool(true, first.offset());
            }
            case "false" -> {
                return new Node.Bool(false, first.offset());
            }
            case "null" -> throw new ExpressionSyntaxException("expression-null", first.offset(),
                    "there is no null here: blank numbers count as 0 and blank text as ''; test with isBlank(field)");
            default -> {
            }
        }
        if (peek().is("(")) {
            at++;
            List<Node> arguments = new ArrayList<>();
            if (!accept(")")) {
                do {
                    arguments.add(expression());
                } while (accept(","));
                expect(")", "to close the arguments of " + first.text());
            }
            return new Node.Call(first.text(), arguments, first.offset());
        }
        List<String> names = new ArrayList<>(List.of(first.text()));
        while (accept(".")) {
            Token next = take();
            if (next.kind() != Token.Kind.IDENTIFIER) {
                throw new ExpressionSyntaxException("expression-syntax", next.offset(),
                        "a field name must follow '.'");
            }
            names.add(next.text());
        }
        if (peek().is("(")) {
            throw new ExpressionSyntaxException("expression-method-call", peek().offset(),
                    "'" + String.join(".", names) + "(…)' calls a method; only library functions can be called, by their"
                            + " bare name");
        }
        return new Node.Path(List.copyOf(names), first.offset());
    }
}
