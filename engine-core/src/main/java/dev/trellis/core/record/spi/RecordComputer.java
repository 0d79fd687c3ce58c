package dev.trellis.core.record.spi;

import dev.trellis.core.Actor;
import dev.trellis.core.Problem;
import dev.trellis.core.metadata.PublishedApp;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Computes fields of a record before it is written (the rule engine's formula fields). The record
 * service calls it on every create and update, bulk creates included, before the record checks.
 */
public interface RecordComputer {

    /** Whether the object has anything to compute; asked once per published generation. */
    boolean appliesTo(PublishedApp app, String object);

    /**
     * Puts the computed fields' new values into {@code after} (values as the record service returns them:
     * BigDecimal, String, Boolean, LocalDate, OffsetDateTime, List), or adds a problem when one cannot be
     * computed for this record.
     */
    void compute(Actor actor, PublishedApp app, String object, Map<String, Object> after, Map<String, Object> before,
            BiFunction<String, Long, Map<String, Object>> related, List<Problem> problems);
}
