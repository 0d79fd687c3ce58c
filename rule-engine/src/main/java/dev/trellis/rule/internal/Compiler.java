package dev.trellis.rule.internal;

import static dev.trellis.rule.ValueType.BOOLEAN;
import static dev.trellis.rule.ValueType.DATE;
import static dev.trellis.rule.ValueType.DATETIME;
import static dev.trellis.rule.ValueType.LIST;
import static dev.trellis.rule.ValueType.NUMBER;
import static dev.trellis.rule.ValueType.TEXT;

import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.rule.ExpressionScope;
import dev.trellis.rule.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Type-checks a syntax tree against its scope and prints the MVEL source that computes it. The source
 * is built only from what this class writes: numbers as {@code BigDecimal} literals, text re-quoted and
 * escaped, variables {@code v0…} for the {@link Slot}s, operators, and {@code fn.<name>(…)} for library
 * functions. Nothing of the analyst's text reaches MVEL unchecked.
 */
final class Compiler {

    static final int MAX_NODES = 1_000;
    static final int MAX_PATH = 6;
    static final int MAX_LIST = 1_000;
    private static final Set<String> USER_ATTRIBUTES = Set.of("id", "username", "roles", "department", "partner");

    /** A problem at an offset of the source. */
    record Issue(String code, int offset, String message) {
    }

    /** The outcome: the MVEL source and what it reads, or the issues found. */
    record Result(ValueType type, String mvel, List<Slot> slots, List<Issue> issues) {
    }

    private final ExpressionScope scope;
    private final Map<Slot, String> slots = new LinkedHashMap<>();
    private final List<Issue> issues = new ArrayList<>();
    private int nodes;

    private Compiler(ExpressionScope scope) {
        this.scope = scope;
    }

    static Result compile(ExpressionScope scope, Node root) {
        Compiler c = new Compiler(scope);
        Typed typed = c.node(root);
        return new Result(typed.type, typed.mvel, List.copyOf(c.slots.keySet()), List.copyOf(c.issues));
    }

    /** A compiled part: its type (null when it did not check) and its MVEL text. */
    private record Typed(ValueType type, String mvel) {
    }

    private static final Typed BAD = new Typed(null, "null");

    private Typed fail(int offset, String code, String message) {
        issues.add(new Issue(code, offset, message));
        return BAD;
    }

    private Typed node(Node node) {
        if (++nodes == MAX_NODES + 1) {
            return fail(node.offset(), "expression-too-large", "the expression has more than " + MAX_NODES + " parts");
        }
        return switch (node) {
            case Node.Number n -> new Typed(NUMBER, n.value().toPlainString() + "B");
            case Node.Text t -> new Typed(TEXT, quote(t.value()));
            case Node.Bool b -> new Typed(BOOLEAN, Boolean.toString(b.value()));
            case Node.Path p -> path(p);
            case Node.Unary u -> unary(u);
            case Node.Binary b -> binary(b);
            case Node.Conditional c -> conditional(c);
            case Node.Call call -> call(call);
            case Node.ListOf list -> list(list);
        };
    }

    private String slot(Slot.Kind kind, List<String> path, ValueType type) {
        return slots.computeIfAbsent(new Slot(kind, path, type), s -> "v" + slots.size());
    }

    private Typed path(Node.Path p) {
        List<String> names = p.names();
        if (names.size() > MAX_PATH) {
            return fail(p.offset(), "expression-path-too-long", "a path follows at most " + (MAX_PATH - 1) + " lookups");
        }
        if (names.getFirst().equals("user")) {
            if (names.size() != 2 || !USER_ATTRIBUTES.contains(names.get(1))) {
                return fail(p.offset(), "expression-field-unknown", "the user has " + USER_ATTRIBUTES.stream().sorted()
                        .map(a -> "user." + a).toList() + "; '" + String.join(".", names) + "' is none of them");
            }
            ValueType type = switch (names.get(1)) {
                case "username" -> TEXT;
                case "roles" -> LIST;
                default -> NUMBER;
            };
            return new Typed(type, slot(Slot.Kind.USER, List.of(names.get(1)), type));
        }
        boolean prior = names.getFirst().equals("prior");
        List<String> fieldPath = prior ? names.subList(1, names.size()) : names;
        if (fieldPath.isEmpty()) {
            return fail(p.offset(), "expression-field-unknown", "'prior' is followed by a field: prior.amount");
        }
        ValueType type = resolve(fieldPath, p.offset());
        if (type == null) {
            return BAD;
        }
        return new Typed(type, slot(prior ? Slot.Kind.PRIOR : Slot.Kind.VALUE, List.copyOf(fieldPath), type));
    }

    /** The type at the end of a path through lookups, or null with an issue when it does not resolve. */
    private ValueType resolve(List<String> path, int offset) {
        ObjectDefinition object = scope.object();
        for (int i = 0; i < path.size(); i++) {
            String name = path.get(i);
            boolean last = i == path.size() - 1;
            FieldDefinition field = object.findField(name).orElse(null);
            if (field == null) {
                if (last && ObjectTable.SYSTEM_COLUMNS.contains(name)) {
                    return name.equals(ObjectTable.CREATED_AT) || name.equals(ObjectTable.UPDATED_AT) ? DATETIME : NUMBER;
                }
                fail(offset, "expression-field-unknown", "object " + object.name() + " has no field '" + name + "'"
                        + (i == 0 ? "" : " (in " + String.join(".", path) + ")"));
                return null;
            }
            if (last) {
                ValueType type = ValueType.of(field.type());
                if (type == null) {
                    fail(offset, "expression-field-unsupported", "a " + field.type().jsonName()
                            + " field cannot be used in an expression");
                }
                return type;
            }
            if (!field.type().isReference()) {
                fail(offset, "expression-field-not-lookup", "'" + name + "' of " + object.name()
                        + " is not a lookup, so '.' cannot follow it");
                return null;
            }
            String target = field.target();
            object = target.equals(object.name()) ? object : scope.objects().apply(target).orElse(null);
            if (object == null) {
                fail(offset, "expression-field-unknown", "the lookup '" + name + "' points at an unknown object");
                return null;
            }
        }
        return null;
    }

    private Typed unary(Node.Unary u) {
        Typed operand = node(u.operand());
        if (operand.type == null) {
            return BAD;
        }
        if (u.operator().equals("!")) {
            return operand.type == BOOLEAN ? new Typed(BOOLEAN, "(!" + operand.mvel + ")")
                    : fail(u.offset(), "expression-type-mismatch", "'!' needs a true/false value, not " + name(operand.type));
        }
        return operand.type == NUMBER ? new Typed(NUMBER, "(0B - " + operand.mvel + ")")
                : fail(u.offset(), "expression-type-mismatch", "'-' needs a number, not " + name(operand.type));
    }

    private Typed binary(Node.Binary b) {
        Typed left = node(b.left());
        Typed right = node(b.right());
        if (left.type == null || right.type == null) {
            return BAD;
        }
        String op = b.operator();
        String mvel = "(" + left.mvel + " " + op + " " + right.mvel + ")";
        boolean same = left.type == right.type;
        switch (op) {
            case "+" -> {
                if (same && (left.type == NUMBER || left.type == TEXT)) {
                    return new Typed(left.type, mvel);
                }
                return mismatch(b, left, right, "'+' adds two numbers or joins two texts; use text(x) to join a "
                        + "number to text");
            }
            case "-", "*", "/", "%" -> {
                if (same && left.type == NUMBER) {
                    return new Typed(NUMBER, mvel);
                }
                return mismatch(b, left, right, "'" + op + "' works on numbers"
                        + (left.type == DATE ? "; for dates use addDays, addMonths or daysBetween" : ""));
            }
            case "<", "<=", ">", ">=" -> {
                if (same && (left.type == NUMBER || left.type == TEXT || left.type == DATE || left.type == DATETIME)) {
                    return new Typed(BOOLEAN, mvel);
                }
                return mismatch(b, left, right, "'" + op + "' compares two numbers, texts, dates or date-times");
            }
            case "==", "!=" -> {
                if (same) {
                    return new Typed(BOOLEAN, mvel);
                }
                return mismatch(b, left, right, "'" + op + "' compares two values of the same type");
            }
            default -> { // && ||
                if (same && left.type == BOOLEAN) {
                    return new Typed(BOOLEAN, mvel);
                }
                return mismatch(b, left, right, "'" + op + "' joins two true/false values");
            }
        }
    }

    private Typed mismatch(Node.Binary b, Typed left, Typed right, String message) {
        return fail(b.offset(), "expression-type-mismatch", message + " (here: " + name(left.type) + " " + b.operator()
                + " " + name(right.type) + ")");
    }

    private static String name(ValueType type) {
        return switch (type) {
            case NUMBER -> "a number";
            case TEXT -> "text";
            case BOOLEAN -> "true/false";
            case DATE -> "a date";
            case DATETIME -> "a date-time";
            case LIST -> "a list";
        };
    }

    private Typed conditional(Node.Conditional c) {
        Typed condition = node(c.condition());
        Typed then = node(c.then());
        Typed otherwise = node(c.otherwise());
        if (condition.type == null || then.type == null || otherwise.type == null) {
            return BAD;
        }
        if (condition.type != BOOLEAN) {
            return fail(c.condition().offset(), "expression-type-mismatch", "the condition before '?' must be"
                    + " true/false, not " + name(condition.type));
        }
        if (then.type != otherwise.type) {
            return fail(c.offset(), "expression-type-mismatch", "both results of '?' must have one type (here: "
                    + name(then.type) + " and " + name(otherwise.type) + ")");
        }
        return new Typed(then.type, "(" + condition.mvel + " ? " + then.mvel + " : " + otherwise.mvel + ")");
    }

    private Typed list(Node.ListOf list) {
        if (list.items().size() > MAX_LIST) {
            return fail(list.offset(), "expression-list-too-long", "a list holds at most " + MAX_LIST + " values");
        }
        List<String> items = new ArrayList<>();
        ValueType itemType = null;
        for (Node item : list.items()) {
            Typed typed = node(item);
            if (typed.type == null) {
                return BAD;
            }
            if (typed.type == LIST || itemType != null && typed.type != itemType) {
                return fail(item.offset(), "expression-type-mismatch", "a list holds values of one type, not lists");
            }
            itemType = typed.type;
            items.add(typed.mvel);
        }
        return new Typed(LIST, "[" + String.join(", ", items) + "]");
    }

    private Typed call(Node.Call call) {
        Library.Signature signature = Library.FUNCTIONS.get(call.function());
        if (signature == null) {
            return fail(call.offset(), "expression-function-unknown", "there is no function '" + call.function()
                    + "'; the functions are " + String.join(", ", Library.FUNCTIONS.keySet()));
        }
        if (call.arguments().size() != signature.parameters().size()) {
            return fail(call.offset(), "expression-arguments", call.function() + " takes "
                    + signature.parameters().size() + " argument(s): " + signature.describe());
        }
        switch (call.function()) {
            case Library.IS_CHANGED -> {
                return isChanged(call);
            }
            case Library.IS_BLANK -> {
                if (call.arguments().getFirst() instanceof Node.Path p && !p.names().getFirst().equals("user")) {
                    Typed value = node(p);
                    return value.type == null ? BAD : new Typed(BOOLEAN, blankSlot(p));
                }
            }
            case Library.BLANK_VALUE -> {
                if (!(call.arguments().getFirst() instanceof Node.Path p) || p.names().getFirst().equals("user")) {
                    return fail(call.offset(), "expression-arguments", "blankValue takes a field first: "
                            + "blankValue(discount, 5)");
                }
                Typed value = node(p);
                Typed fallback = node(call.arguments().get(1));
                if (value.type == null || fallback.type == null) {
                    return BAD;
                }
                if (value.type != fallback.type) {
                    return fail(call.arguments().get(1).offset(), "expression-type-mismatch", "the value for a blank "
                            + String.join(".", p.names()) + " must be " + name(value.type));
                }
                return new Typed(value.type, "(" + blankSlot(p) + " ? " + fallback.mvel + " : " + value.mvel + ")");
            }
            default -> {
            }
        }
        List<Typed> arguments = new ArrayList<>();
        for (Node argument : call.arguments()) {
            Typed typed = node(argument);
            if (typed.type == null) {
                return BAD;
            }
            arguments.add(typed);
        }
        if (call.function().equals("contains") && arguments.getFirst().type == LIST) {
            // a list holds a value of any type but a list
            if (arguments.get(1).type == LIST) {
                return fail(call.arguments().get(1).offset(), "expression-type-mismatch",
                        "contains(list, value) looks for one value, not a list");
            }
        } else {
            for (int i = 0; i < arguments.size(); i++) {
                ValueType expected = signature.parameters().get(i);
                if (expected != null && arguments.get(i).type != expected) {
                    return fail(call.arguments().get(i).offset(), "expression-type-mismatch", "argument " + (i + 1)
                            + " of " + call.function() + " must be " + name(expected) + ", not "
                            + name(arguments.get(i).type) + ": " + signature.describe());
                }
            }
        }
        return new Typed(signature.result(), "fn." + call.function() + "("
                + String.join(", ", arguments.stream().map(Typed::mvel).toList()) + ")");
    }

    private String blankSlot(Node.Path p) {
        boolean prior = p.names().getFirst().equals("prior");
        List<String> path = prior ? p.names().subList(1, p.names().size()) : p.names();
        return slot(prior ? Slot.Kind.PRIOR_BLANK : Slot.Kind.VALUE_BLANK, List.copyOf(path), BOOLEAN);
    }

    private Typed isChanged(Node.Call call) {
        if (!(call.arguments().getFirst() instanceof Node.Text field)) {
            return fail(call.offset(), "expression-arguments", "isChanged takes a field name in quotes: isChanged('amount')");
        }
        if (scope.object().findField(field.value()).isEmpty()) {
            return fail(field.offset(), "expression-field-unknown", "object " + scope.object().name() + " has no field '"
                    + field.value() + "'");
        }
        return new Typed(BOOLEAN, slot(Slot.Kind.CHANGED, List.of(field.value()), BOOLEAN));
    }

    /** Text as an MVEL string literal: single-quoted, with quotes, backslashes and line breaks escaped. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('\'');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\'' -> out.append("\\'");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('\'').toString();
    }
}
