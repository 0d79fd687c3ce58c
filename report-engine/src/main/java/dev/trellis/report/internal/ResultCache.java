package dev.trellis.report.internal;

import dev.trellis.core.storage.StorageNames;
import dev.trellis.report.ReportResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Row2;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Results of report runs, per (app generation, report, parameter values, permission scope). An entry is
 * valid while the tables the report reads have not changed, which PostgreSQL itself counts: the sum of
 * inserted, updated and deleted tuples in {@code pg_stat_user_tables} over those tables, read in one cheap
 * catalog query per hit. The record service needs no listener for it, so its single-statement writes stay
 * free of a transaction. PostgreSQL publishes a backend's counts when it goes idle, at most about a second
 * after the write; {@code maxAge} bounds what is left (a write by hand, a stats reset).
 */
public final class ResultCache {

    /** The identity of a cached result; the scope is the viewer's rendered read predicates. */
    record Key(String app, int generation, String report, String parameters, String scope) {
    }

    private record Entry(ReportResult result, long stamp, Instant made) {
    }

    private static final Field<String> SCHEMA = DSL.field(DSL.name("schemaname"), SQLDataType.CLOB);
    private static final Field<String> TABLE = DSL.field(DSL.name("relname"), SQLDataType.CLOB);

    private static final int MAX_CACHED_ROWS = 5_000;

    private final DSLContext dsl;
    private final Clock clock;
    private final Duration maxAge;
    private final int maxEntries;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    public ResultCache(DSLContext dsl, Clock clock, Duration maxAge, int maxEntries) {
        this.dsl = dsl;
        this.clock = clock;
        this.maxAge = maxAge;
        this.maxEntries = maxEntries;
    }

    ReportResult get(Key key, Collection<SourceRows.Hop> tables, Supplier<ReportResult> run) {
        long stamp = stamp(key.app(), tables);
        Entry entry = entries.get(key);
        Instant now = clock.instant();
        if (entry != null && entry.stamp() == stamp && entry.made().plus(maxAge).isAfter(now)) {
            return entry.result();
        }
        ReportResult result = run.get();
        if (result.rows().size() > MAX_CACHED_ROWS) {
            return result; // a result that big is an export in disguise; keeping it would crowd out the rest
        }
        if (entries.size() >= maxEntries) {
            evictOldest();
        }
        entries.put(key, new Entry(result, stamp, now));
        return result;
    }

    /** How many writes PostgreSQL has counted on the tables: any change of the sum invalidates. */
    private long stamp(String app, Collection<SourceRows.Hop> hops) {
        List<Row2<String, String>> tables = hops.stream().map(h -> DSL.row(StorageNames.schema(app), h.object()))
                .distinct().toList();
        Field<java.math.BigDecimal> changes = DSL.sum(counter("n_tup_ins").plus(counter("n_tup_upd"))
                .plus(counter("n_tup_del")));
        return dsl.select(DSL.coalesce(changes, java.math.BigDecimal.ZERO)).from(DSL.table(DSL.name("pg_catalog", "pg_stat_user_tables")))
                .where(DSL.row(SCHEMA, TABLE).in(tables)).fetchSingle().value1().longValue();
    }

    private static Field<Long> counter(String name) {
        return DSL.field(DSL.name(name), SQLDataType.BIGINT);
    }

    private void evictOldest() {
        entries.entrySet().stream().min(Comparator.comparing(e -> e.getValue().made()))
                .ifPresent(e -> entries.remove(e.getKey(), e.getValue()));
    }

    /** Drops every result, e.g. after a bulk load outside the record service. */
    public void clear() {
        entries.clear();
    }
}
