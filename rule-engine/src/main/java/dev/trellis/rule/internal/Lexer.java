package dev.trellis.rule.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits an expression into tokens. Only what the grammar knows gets through: numbers, quoted strings,
 * names, and the operators below. Everything MVEL would read as something more — {@code =} (assignment),
 * {@code ;}, {@code @}, {@code #}, {@code $}, braces, backticks, {@code ::}, number suffixes — is refused
 * here, with where it stands.
 */
final class Lexer {

    private static final List<String> OPERATORS = List.of("==", "!=", "<=", ">=", "&&", "||",
            "+", "-", "*", "/", "%", "<", ">", "!", "?", ":", "(", ")", "[", "]", ",", ".");
    private static final Set<Character> ESCAPES = Set.of('\\', '\'', '"', 'n', 't');

    private final String source;
    private int at;

    private Lexer(String source) {
        this.source = source;
    }

    static List<Token> tokens(String source) {
        Lexer lexer = new Lexer(source);
        List<Token> tokens = new ArrayList<>();
        Token token;
        do {
            token = lexer.next();
            tokens.add(token);
        } while (token.kind() != Token.Kind.END);
        return tokens;
    }

    private Token next() {
        while (at < source.length() && Character.isWhitespace(source.charAt(at))) {
            at++;
        }
        if (at >= source.length()) {
            return new Token(Token.Kind.END, "", at);
        }
        int start = at;
        char c = source.charAt(at);
        if (Character.isDigit(c)) {
            return number(start);
        }
        if (c == '\'' || c == '"') {
            return string(start, c);
        }
        if (c < 128 && (Character.isLetter(c) || c == '_')) {
            while (at < source.length() && source.charAt(at) < 128
                    && (Character.isLetterOrDigit(source.charAt(at)) || source.charAt(at) == '_')) {
                at++;
            }
            return new Token(Token.Kind.IDENTIFIER, source.substring(start, at), start);
        }
        for (String op : OPERATORS) {
            if (source.startsWith(op, at)) {
                at += op.length();
                return new Token(Token.Kind.OPERATOR, op, start);
            }
        }
        throw new ExpressionSyntaxException("expression-character-invalid", start, switch (c) {
            case '=' -> "'=' assigns in MVEL and is not allowed; compare with '=='";
            case ';' -> "';' is not allowed: an expression is one formula, not statements";
            case '&' -> "'&' is not an operator; use '&&'";
            case '|' -> "'|' is not an operator; use '||'";
            default -> "the character '" + c + "' is not allowed in an expression";
        });
    }

    private Token number(int start) {
        while (at < source.length() && Character.isDigit(source.charAt(at))) {
            at++;
        }
        if (at + 1 < source.length() && source.charAt(at) == '.' && Character.isDigit(source.charAt(at + 1))) {
            at++;
            while (at < source.length() && Character.isDigit(source.charAt(at))) {
                at++;
            }
        }
        if (at < source.length() && (Character.isLetter(source.charAt(at)) || source.charAt(at) == '_')) {
            throw new ExpressionSyntaxException("expression-number-invalid", at,
                    "a number is digits with an optional decimal part; '" + source.charAt(at) + "' cannot follow it");
        }
        return new Token(Token.Kind.NUMBER, source.substring(start, at), start);
    }

    private Token string(int start, char quote) {
        StringBuilder value = new StringBuilder();
        at++;
        while (true) {
            if (at >= source.length()) {
                throw new ExpressionSyntaxException("expression-string-unclosed", start, "the text starting here is never closed");
            }
            char c = source.charAt(at);
            if (c == quote) {
                at++;
                return new Token(Token.Kind.STRING, value.toString(), start);
            }
            if (c == '\\') {
                char e = at + 1 < source.length() ? source.charAt(at + 1) : ' ';
                if (!ESCAPES.contains(e)) {
                    throw new ExpressionSyntaxException("expression-escape-invalid", at,
                            "only \\\\, \\', \\\", \\n and \\t may be escaped in text");
                }
                value.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> e;
                });
                at += 2;
                continue;
            }
            if (Character.isISOControl(c)) {
                throw new ExpressionSyntaxException("expression-string-invalid", at,
                        "text may not hold control characters; write \\n or \\t");
            }
            value.append(c);
            at++;
        }
    }
}
