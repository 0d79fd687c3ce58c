package dev.trellis.rule.routing.internal;

import dev.trellis.core.Problem;
import dev.trellis.rule.ValueType;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Compiles a cell of a decision table's row into an expression over the column's field path. The cell is
 * JSON, not text to be parsed, so nothing an analyst writes is spliced into the expression: values become
 * literals written here (text quoted and escaped), and the result goes through the expression service like
 * any other expression.
 * <ul>
 * <li>a value: the field equals it ({@code "complaint"}, {@code 3}, {@code true}, {@code "2025-01-31"} for
 * a date); for a multi-picklist, the field holds it</li>
 * <li>an array: any of the values</li>
 * <li>an object of operators: all hold ({@code {">=": 1000, "<": 5000}}; {@code = != < <= > >=})</li>
 * <li>null: the field is blank</li>
 * </ul>
 */
final class Cells {

    static final Pattern PATH = Pattern.compile("[a-z][a-z0-9_]{0,62}(\\.[a-z][a-z0-9_]{0,62}){0,5}");
    private static final List<String> OPERATORS = List.of("=", "!=", "<", "<=", ">", ">=");

    private Cells() {
    }

    /** The expression for a cell on a field path of type {@code type}, or empty with problems at {@code at}. */
    static Optional<String> expression(String path, ValueType type, JsonNode cell, String at, List<Problem> problems) {
        int before = problems.size();
        String expression;
        if (cell == null || cell.isNull()) {
            expression = "isBlank(" + path + ")";
        } else if (cell.isArray()) {
            if (cell.isEmpty()) {
                problems.add(Problem.of("cell-empty", at, "a list of values needs at least one value"));
                return Optional.empty();
            }
            List<String> any = new ArrayList<>();
            for (int i = 0; i < cell.size(); i++) {
                literal(type, cell.get(i), path, at + "/" + i, problems).ifPresent(l -> any.add(equals(path, type, l)));
            }
            expression = any.size() == 1 ? any.getFirst() : "(" + String.join(" || ", any) + ")";
        } else if (cell.isObject()) {
            List<String> all = new ArrayList<>();
            for (Map.Entry<String, JsonNode> entry : cell.properties()) {
                String operator = entry.getKey();
                String operatorAt = at + "/" + operator.replace("~", "~0").replace("/", "~1");
                if (!OPERATORS.contains(operator)) {
                    problems.add(Problem.of("cell-operator-unknown", operatorAt, "'" + operator + "' is not a "
                            + "comparison; use one of " + OPERATORS));
                } else if (type == ValueType.LIST
                        || type == ValueType.BOOLEAN && !operator.equals("=") && !operator.equals("!=")) {
                    problems.add(Problem.of("cell-operator-invalid", operatorAt, "a " + type.jsonName()
                            + " field is compared with a value or a list of values, not with '" + operator + "'"));
                } else {
                    String op = operator.equals("=") ? "==" : operator;
                    literal(type, entry.getValue(), path, operatorAt, problems).ifPresent(l -> all.add(path + " " + op
                            + " " + l));
                }
            }
            if (all.isEmpty() && problems.size() == before) {
                problems.add(Problem.of("cell-empty", at, "give at least one comparison"));
            }
            expression = String.join(" && ", all);
        } else {
            Optional<String> l = literal(type, cell, path, at, problems);
            expression = l.map(value -> equals(path, type, value)).orElse(null);
        }
        return problems.size() == before ? Optional.of(expression) : Optional.empty();
    }

    private static String equals(String path, ValueType type, String literal) {
        return type == ValueType.LIST ? "contains(" + path + ", " + literal + ")" : path + " == " + literal;
    }

    /** A JSON value as a literal of the field's type (a list field's values are text). */
    private static Optional<String> literal(ValueType type, JsonNode value, String path, String at,
            List<Problem> problems) {
        switch (type) {
            case NUMBER -> {
                if (value.isNumber()) {
                    return Optional.of(value.decimalValue().toPlainString());
                }
            }
            case TEXT, LIST -> {
                if (value.isString()) {
                    return quote(value.stringValue(), at, problems);
                }
            }
            case BOOLEAN -> {
                if (value.isBoolean()) {
                    return Optional.of(Boolean.toString(value.booleanValue()));
                }
            }
            case DATE -> {
                if (value.isString()) {
                    try {
                        LocalDate d = LocalDate.parse(value.stringValue());
                        return Optional.of("date(" + d.getYear() + ", " + d.getMonthValue() + ", " + d.getDayOfMonth()
                                + ")");
                    } catch (DateTimeParseException e) {
                        problems.add(Problem.of("cell-type-mismatch", at, path + " is a date; write it as "
                                + "\"2025-01-31\""));
                        return Optional.empty();
                    }
                }
            }
            case DATETIME -> {
                problems.add(Problem.of("cell-type-unsupported", at, path + " is a date-time; compare it in the row's "
                        + "condition, e.g. dateOf(" + path + ") >= date(2025, 1, 1)"));
                return Optional.empty();
            }
        }
        problems.add(Problem.of("cell-type-mismatch", at, path + " is " + describe(type) + "; this cell gives "
                + describe(value)));
        return Optional.empty();
    }

    /** Text as a literal of the expression grammar. */
    static Optional<String> quote(String text, String at, List<Problem> problems) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('\'');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\'' -> out.append("\\'");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        problems.add(Problem.of("cell-value-invalid", at, "text in a cell may not hold control characters"));
                        return Optional.empty();
                    }
                    out.append(c);
                }
            }
        }
        return Optional.of(out.append('\'').toString());
    }

    private static String describe(ValueType type) {
        return switch (type) {
            case NUMBER -> "a number";
            case TEXT -> "text";
            case BOOLEAN -> "true/false";
            case DATE -> "a date";
            case DATETIME -> "a date-time";
            case LIST -> "a list of values";
        };
    }

    private static String describe(JsonNode value) {
        if (value.isNumber()) {
            return "a number (" + value + ")";
        }
        if (value.isString()) {
            return "text (" + value + ")";
        }
        if (value.isBoolean()) {
            return "true/false";
        }
        return "a " + value.getNodeType().name().toLowerCase();
    }
}
