package dev.trellis.rule;

import java.util.List;

/**
 * An expression checked against its scope and compiled: evaluate it as often as needed, from any thread.
 */
public interface Expression {

    String source();

    ValueType type();

    /** The field paths the expression reads (lookups included), so a caller can load what it needs at once. */
    List<List<String>> paths();

    /**
     * The value: a {@code BigDecimal}, {@code String}, {@code Boolean}, {@code LocalDate},
     * {@code OffsetDateTime} or {@code List}, by {@link #type()}; a date may be null when blank.
     *
     * @throws EvaluationException when the data makes it fail (a division by zero, a date out of range)
     */
    Object evaluate(RecordContext record);
}
