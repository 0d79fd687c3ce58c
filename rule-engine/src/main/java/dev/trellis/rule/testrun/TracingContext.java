package dev.trellis.rule.testrun;

import dev.trellis.core.Actor;
import dev.trellis.rule.RecordContext;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A record context that remembers every value an expression read through it, by path ({@code amount},
 * {@code partner.region}, {@code prior.status}, {@code user}), in the order first read: the trace a designer
 * sees next to a test run's value.
 */
public final class TracingContext implements RecordContext {

    private final RecordContext record;
    private final Map<String, Object> reads;

    public TracingContext(RecordContext record) {
        this(record, new LinkedHashMap<>());
    }

    /** A context that adds its reads to {@code reads}, shared with other contexts of one trace. */
    public TracingContext(RecordContext record, Map<String, Object> reads) {
        this.record = record;
        this.reads = reads;
    }

    @Override
    public Object value(List<String> path) {
        Object value = record.value(path);
        reads.putIfAbsent(String.join(".", path), value);
        return value;
    }

    @Override
    public Object prior(List<String> path) {
        Object value = record.prior(path);
        reads.putIfAbsent("prior." + String.join(".", path), value);
        return value;
    }

    @Override
    public Actor user() {
        Actor user = record.user();
        reads.putIfAbsent("user", user.username());
        return user;
    }

    /** The values read so far, by path. */
    public Map<String, Object> reads() {
        return Collections.unmodifiableMap(reads);
    }
}
