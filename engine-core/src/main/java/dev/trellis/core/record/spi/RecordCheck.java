package dev.trellis.core.record.spi;

import dev.trellis.core.Actor;
import dev.trellis.core.Problem;
import dev.trellis.core.metadata.PublishedApp;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Checks a record before it is written (validation rules live here). The record service calls every
 * check that applies to the object for each create and update — bulk creates included — with the record
 * as it will be and as it was, and refuses the write with every problem reported, writing nothing.
 */
public interface RecordCheck {

    /** Whether this check has anything to say about the object; asked once per published generation. */
    boolean appliesTo(PublishedApp app, String object);

    /**
     * Adds a problem for each way the record is wrong; paths are JSON pointers into the record
     * ({@code /amount}), or "" for the record as a whole.
     *
     * @param after   the record as it will be stored (field name → value, as the record service returns them)
     * @param before  the record as stored now; null on a create
     * @param related loads another record by object and id (without permission checks), for lookups
     */
    void check(Actor actor, PublishedApp app, String object, Map<String, Object> after, Map<String, Object> before,
            BiFunction<String, Long, Map<String, Object>> related, List<Problem> problems);
}
