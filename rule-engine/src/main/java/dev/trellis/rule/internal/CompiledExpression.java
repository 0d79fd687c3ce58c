package dev.trellis.rule.internal;

import dev.trellis.core.Actor;
import dev.trellis.rule.EvaluationException;
import dev.trellis.rule.Expression;
import dev.trellis.rule.RecordContext;
import dev.trellis.rule.ValueType;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import org.mvel2.MVEL;
import org.mvel2.integration.impl.IndexedVariableResolverFactory;

/** A checked expression with its compiled MVEL and the slots it reads. */
final class CompiledExpression implements Expression {

    private final String source;
    private final ValueType type;
    private final String mvel;
    private final Serializable compiled;
    private final List<Slot> slots;
    private final String[] names;
    private final List<List<String>> paths;

    CompiledExpression(String source, ValueType type, String mvel, List<Slot> slots) {
        this.source = source;
        this.type = type;
        this.mvel = mvel;
        this.slots = slots;
        this.compiled = MVEL.compileExpression(mvel);
        this.names = new String[slots.size() + 1];
        names[0] = "fn";
        for (int i = 1; i < names.length; i++) {
            names[i] = "v" + (i - 1);
        }
        this.paths = slots.stream().filter(s -> s.kind() != Slot.Kind.USER).map(Slot::path).distinct().toList();
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public ValueType type() {
        return type;
    }

    @Override
    public List<List<String>> paths() {
        return paths;
    }

    /** The MVEL the expression was compiled to, for tests and traces. */
    String mvel() {
        return mvel;
    }

    @Override
    public Object evaluate(RecordContext record) {
        Object[] values = new Object[names.length];
        values[0] = Functions.INSTANCE;
        for (int i = 1; i < values.length; i++) {
            values[i] = value(slots.get(i - 1), record);
        }
        try {
            // variables by position, not a map: no hashing on the path every evaluation takes
            return MVEL.executeExpression(compiled, new IndexedVariableResolverFactory(names, values));
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            if (cause instanceof ArithmeticException || cause instanceof IllegalArgumentException
                    || cause instanceof java.time.DateTimeException) {
                throw new EvaluationException("", "'" + source + "' cannot be computed for this record: "
                        + cause.getMessage());
            }
            throw e;
        }
    }

    private static Object value(Slot slot, RecordContext record) {
        return switch (slot.kind()) {
            case VALUE -> blankAs(slot.type(), record.value(slot.path()));
            case PRIOR -> blankAs(slot.type(), record.prior(slot.path()));
            case VALUE_BLANK -> Functions.INSTANCE.isBlank(record.value(slot.path()));
            case PRIOR_BLANK -> Functions.INSTANCE.isBlank(record.prior(slot.path()));
            case CHANGED -> !same(record.value(slot.path()), record.prior(slot.path()));
            case USER -> user(record.user(), slot.path().getFirst());
        };
    }

    /** Blank numbers count as 0, blank text as '', blank booleans as false and a blank list as empty. */
    static Object blankAs(ValueType type, Object value) {
        return switch (type) {
            case NUMBER -> value == null ? BigDecimal.ZERO
                    : value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
            case TEXT -> value == null ? "" : value.toString();
            case BOOLEAN -> value != null && (Boolean) value;
            case LIST -> value == null ? List.of() : value;
            case DATE, DATETIME -> value;
        };
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        return Objects.equals(a, b);
    }

    private static Object user(Actor actor, String attribute) {
        return switch (attribute) {
            case "id" -> BigDecimal.valueOf(actor.userId());
            case "username" -> actor.username();
            case "roles" -> List.copyOf(actor.roles());
            case "department" -> actor.departmentId() == null ? BigDecimal.ZERO : BigDecimal.valueOf(actor.departmentId());
            default -> actor.partner() == null ? BigDecimal.ZERO : BigDecimal.valueOf(actor.partner().id());
        };
    }
}
