package dev.trellis.rule.rebate.internal;

import dev.trellis.core.metadata.FieldType;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.rule.Expression;
import dev.trellis.rule.rebate.RebatePeriod;
import dev.trellis.rule.rebate.RebatePolicyDefinition;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.Select;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * A policy version compiled against the published objects: the joins from its source to everything it
 * reads, and the SQL of each question the ledger asks — the metric per partner over a period, the bonus
 * candidates, where records belong (partner and day). Built once per published generation and version.
 */
final class PolicyPlan {

    /** A bonus compiled: its condition, the paths the condition reads, the payee and the first-per path. */
    record BonusPlan(RebatePolicyDefinition.Bonus definition, String component, Expression condition,
            Map<List<String>, SourceJoins.Resolved> conditionPaths, SourceJoins.Resolved payee,
            SourceJoins.Resolved firstPer, FirstRecords first) {

        boolean paysPartner() {
            return payee == null;
        }
    }

    /**
     * The unfiltered joins that decide which record comes first per value of {@code firstPer}: by day, then
     * id, over every record of the source, in scope or not.
     */
    record FirstRecords(SourceJoins joins, SourceJoins.Resolved value, SourceJoins.Resolved date,
            SourceJoins.Resolved partner, SourceJoins.Resolved payee) {
    }

    final String app;
    final RebatePolicyDefinition policy;
    final int version;
    final SourceJoins joins;
    final SourceJoins.Resolved partner;
    final String partnerObject;
    final SourceJoins.Resolved date;
    final SourceJoins.Resolved metric;
    final SourceJoins.Resolved base;
    final TierSchedule schedule;
    final List<BonusPlan> bonuses;
    /** Markers of the variable values of the statements rendered once; no real period or id list equals them. */
    private static final RebatePeriod MARKER_PERIOD = new RebatePeriod(dev.trellis.rule.rebate.PeriodUnit.MONTH,
            LocalDate.of(1, 1, 7), LocalDate.of(1, 2, 9));
    private static final Long[] MARKER_IDS = {Long.MIN_VALUE + 7};
    private static final Long MARKER_PAYEES = Long.MIN_VALUE + 8;
    private final Map<Object, RenderedSelect> rendered = new java.util.concurrent.ConcurrentHashMap<>();

    PolicyPlan(String app, RebatePolicyDefinition policy, int version, SourceJoins joins, SourceJoins.Resolved partner,
            String partnerObject, SourceJoins.Resolved date, SourceJoins.Resolved metric, SourceJoins.Resolved base,
            List<BonusPlan> bonuses) {
        this.app = app;
        this.policy = policy;
        this.version = version;
        this.joins = joins;
        this.partner = partner;
        this.partnerObject = partnerObject;
        this.date = date;
        this.metric = metric;
        this.base = base;
        this.schedule = new TierSchedule(policy.tiers(), policy.method(), policy.cap());
        this.bonuses = List.copyOf(bonuses);
    }

    String source() {
        return joins.root().object();
    }

    Field<Long> rootId() {
        return DSL.field(DSL.name(joins.root().alias, ObjectTable.ID), SQLDataType.BIGINT);
    }

    static Field<Long> partnerId(SourceJoins.Resolved partner) {
        return DSL.field(DSL.name(partner.hop().alias, partner.column()), SQLDataType.BIGINT);
    }

    Field<Long> partnerId() {
        return partnerId(partner);
    }

    /** The record's day: a date field as is, a date-time field's date in UTC. */
    static Field<LocalDate> day(SourceJoins.Resolved date) {
        Field<Object> field = date.field();
        return date.definition().type() == FieldType.DATE ? field.coerce(SQLDataType.LOCALDATE)
                : DSL.field("cast(({0} at time zone 'UTC') as date)", SQLDataType.LOCALDATE, field);
    }

    Field<LocalDate> day() {
        return day(date);
    }

    /** Records of a period, compared on the stored column so an index on it can serve. */
    static Condition within(SourceJoins.Resolved date, RebatePeriod period) {
        Field<Object> field = date.field();
        if (date.definition().type() == FieldType.DATE) {
            return field.ge(period.start()).and(field.lt(period.end()));
        }
        return field.ge(period.start().atStartOfDay().atOffset(ZoneOffset.UTC))
                .and(field.lt(period.end().atStartOfDay().atOffset(ZoneOffset.UTC)));
    }

    Condition within(RebatePeriod period) {
        return within(date, period);
    }

    private Condition partners(Field<Long> partnerId, Collection<Long> partners) {
        return partners == null ? partnerId.isNotNull() : partnerId.eq(DSL.any(partners.toArray(new Long[0])));
    }

    private static Field<BigDecimal> aggregate(RebatePolicyDefinition.Measure measure, SourceJoins.Resolved field) {
        return switch (measure.aggregate()) {
            case SUM -> DSL.coalesce(DSL.sum(field.field().coerce(SQLDataType.NUMERIC)), BigDecimal.ZERO);
            case COUNT -> DSL.count().coerce(SQLDataType.NUMERIC);
            case COUNT_DISTINCT -> DSL.countDistinct(field.field()).coerce(SQLDataType.NUMERIC);
        };
    }

    /**
     * One grouped statement: per partner (all, or those given), the metric, the base, the number of records
     * and the lowest and highest record id in the period.
     */
    Select<Record> aggregate(RebatePeriod period, Collection<Long> partners) {
        return aggregate(period, partners == null ? null : partners.toArray(new Long[0]));
    }

    private Select<Record> aggregate(RebatePeriod period, Long[] partners) {
        List<SourceJoins.Hop> reading = new ArrayList<>();
        reading.add(partner.hop());
        reading.add(date.hop());
        if (metric != null) {
            reading.add(metric.hop());
        }
        if (base != null) {
            reading.add(base.hop());
        }
        List<SelectField<?>> select = new ArrayList<>();
        select.add(partnerId());
        select.add(aggregate(policy.metric(), metric).as("metric"));
        select.add(base == null ? DSL.inline((BigDecimal) null).as("base") : aggregate(policy.base(), base).as("base"));
        select.add(DSL.count().as("records"));
        select.add(DSL.min(rootId()).as("first_id"));
        select.add(DSL.max(rootId()).as("last_id"));
        return DSL.select(select).from(joins.from(reading, Map.of()))
                .where(within(period), partners == null ? partnerId().isNotNull() : partnerId().eq(DSL.any(partners)))
                .groupBy(partnerId());
    }

    /** {@link #aggregate} for some partners, rendered once: it runs on every write. */
    Result<Record> fetchAggregate(RoundTrips trips, RebatePeriod period, Collection<Long> partners) {
        RenderedSelect rendered = this.rendered.computeIfAbsent("aggregate", k -> new RenderedSelect(trips.dsl(),
                aggregate(MARKER_PERIOD, MARKER_IDS), List.of(bound(MARKER_PERIOD.start()),
                        bound(MARKER_PERIOD.end()), MARKER_IDS)));
        return rendered.fetch(trips, bound(period.start()), bound(period.end()), partners.toArray(new Long[0]));
    }

    /** {@link #placesOf} the records of a hop with the given ids, as stored, rendered once per hop. */
    Result<Record> fetchPlaces(RoundTrips trips, SourceJoins.Hop hop, Collection<Long> ids) {
        RenderedSelect rendered = this.rendered.computeIfAbsent(hop, k -> new RenderedSelect(trips.dsl(),
                placesOf(Map.of(), DSL.field(DSL.name(hop.alias, ObjectTable.ID), SQLDataType.BIGINT).eq(DSL.any(MARKER_IDS)),
                        List.of(hop)), List.of((Object) MARKER_IDS)));
        return rendered.fetch(trips, (Object) ids.toArray(new Long[0]));
    }

    /** {@link #candidates} of some partners (and of them all payees, or some), rendered once per bonus and shape. */
    Result<Record> fetchCandidates(RoundTrips trips, BonusPlan bonus, RebatePeriod period, Collection<Long> partners,
            Collection<Long> payees) {
        RenderedSelect rendered = this.rendered.computeIfAbsent(List.of(bonus.component(), payees == null),
                k -> new RenderedSelect(trips.dsl(), candidates(bonus, MARKER_PERIOD, List.of(MARKER_IDS),
                        payees == null ? null : List.of(MARKER_PAYEES)), payees == null
                        ? List.of(bound(MARKER_PERIOD.start()), bound(MARKER_PERIOD.end()), MARKER_IDS)
                        : List.of(bound(MARKER_PERIOD.start()), bound(MARKER_PERIOD.end()), MARKER_IDS,
                                new Long[] {MARKER_PAYEES})));
        return payees == null
                ? rendered.fetch(trips, bound(period.start()), bound(period.end()), partners.toArray(new Long[0]))
                : rendered.fetch(trips, bound(period.start()), bound(period.end()), partners.toArray(new Long[0]),
                        payees.toArray(new Long[0]));
    }

    /** A date as {@link #within} binds it: as is for a date field, as the start of its day in UTC for date-time. */
    private Object bound(LocalDate day) {
        return date.definition().type() == FieldType.DATE ? day : day.atStartOfDay().atOffset(ZoneOffset.UTC);
    }

    /** Who a bonus pays for a record: its partner, or the user in the payee column. */
    Field<Long> payee(BonusPlan bonus) {
        return bonus.paysPartner() ? partnerId()
                : DSL.field(DSL.name(bonus.payee().hop().alias, bonus.payee().column()), SQLDataType.BIGINT);
    }

    /**
     * The records a bonus may pay for in a period (all partners, or those given, and of them all payees or those
     * given): id, partner, payee and the
     * values its condition reads, with the first-per rule applied in SQL. The condition itself is evaluated
     * by the expression service on each.
     */
    Select<Record> candidates(BonusPlan bonus, RebatePeriod period, Collection<Long> partners,
            Collection<Long> payees) {
        Set<SourceJoins.Hop> reading = new LinkedHashSet<>();
        reading.add(partner.hop());
        reading.add(date.hop());
        bonus.conditionPaths().values().forEach(r -> reading.add(r.hop()));
        List<SelectField<?>> select = new ArrayList<>();
        select.add(rootId().as("id"));
        select.add(partnerId().as("partner_id"));
        Field<Long> payee = payee(bonus);
        if (!bonus.paysPartner()) {
            reading.add(bonus.payee().hop());
        }
        select.add(payee.as("payee_id"));
        int i = 0;
        for (SourceJoins.Resolved path : bonus.conditionPaths().values()) {
            select.add(path.field().as("v" + i++));
        }
        Condition where = within(period).and(partners(partnerId(), partners)).and(payee.isNotNull())
                .and(payees == null ? DSL.noCondition() : payee.eq(DSL.any(payees.toArray(new Long[0]))));
        if (bonus.firstPer() != null) {
            reading.add(bonus.firstPer().hop());
            where = where.and(bonus.firstPer().field().isNotNull()).and(comesFirst(bonus));
        }
        return DSL.select(select).from(joins.from(reading, Map.of())).where(where);
    }

    /**
     * Where records are (or, with {@code overrides}, were), for the records {@code where} picks (it may name the
     * columns of the hops in {@code reading}): partner, day, whether the record is in scope, and for each bonus
     * {@code i} its payee ({@code payee_<i>}) and, with a first-per path, the path's value ({@code first_<i>}) and whether the record comes first for it
     * ({@code is_first_<i>}, against every other record as stored). Records out of scope are placed too: one that
     * leaves the scope leaves a line to recompute, and one out of scope may still come first and so decide a
     * bonus. Records alike in all of these are one row, with their number in {@code records}.
     */
    Select<Record> placesOf(Map<SourceJoins.Hop, Table<?>> overrides, Condition where,
            Collection<SourceJoins.Hop> reading) {
        Set<SourceJoins.Hop> read = new LinkedHashSet<>(reading);
        List<SelectField<?>> select = new ArrayList<>();
        select.add(partnerId().as("partner_id"));
        select.add(day().as("day"));
        select.add(DSL.field(joins.inScope()).as("in_scope"));
        for (int i = 0; i < bonuses.size(); i++) {
            BonusPlan bonus = bonuses.get(i);
            if (!bonus.paysPartner()) {
                read.add(bonus.payee().hop());
            }
            select.add(payee(bonus).as("payee_" + i));
            if (bonus.firstPer() != null) {
                read.add(bonus.firstPer().hop());
                select.add(bonus.firstPer().field().as("first_" + i));
                select.add(DSL.when(bonus.firstPer().field().isNull(), DSL.inline(false))
                        .else_(DSL.field(comesFirst(bonus))).as("is_first_" + i));
            }
        }
        Table<?> places = DSL.select(select).from(joins.from(read, overrides, false)).where(where, partnerId().isNotNull())
                .asTable("places");
        return DSL.select(places.fields()).select(DSL.count().as("records")).from(places).groupBy(places.fields());
    }

    /**
     * No other record of the same first-per value comes earlier (by day, then id): two anti-joins rather than
     * one with an OR, so each is an index probe on the value.
     */
    private Condition comesFirst(BonusPlan bonus) {
        FirstRecords first = bonus.first();
        Field<Long> otherId = DSL.field(DSL.name(first.joins().root().alias, ObjectTable.ID), SQLDataType.BIGINT);
        Field<LocalDate> otherDay = day(first.date());
        Table<?> others = first.joins().from(List.of(first.value().hop()), Map.of());
        Condition sameValue = first.value().field().eq(bonus.firstPer().field());
        return DSL.notExists(DSL.selectOne().from(others).where(sameValue, otherDay.lt(day()), otherId.ne(rootId())))
                .and(DSL.notExists(DSL.selectOne().from(others)
                        .where(sameValue, otherDay.eq(day()), otherId.lt(rootId()))));
    }

    /**
     * Partner, payee and day of the first {@code depth} records (by day, then id) of each of {@code values} of a
     * bonus's first-per path: when {@code depth - 1} records of a value change, the record that came first
     * before is one of them, and so is the one that comes first now.
     */
    Select<? extends Record> firstRecords(BonusPlan bonus, Collection<Object> values, int depth) {
        FirstRecords first = bonus.first();
        Field<Long> id = DSL.field(DSL.name(first.joins().root().alias, ObjectTable.ID), SQLDataType.BIGINT);
        List<SourceJoins.Hop> reading = new ArrayList<>(List.of(first.value().hop(), first.partner().hop()));
        Field<Long> payee = partnerId(first.partner());
        if (first.payee() != null) {
            reading.add(first.payee().hop());
            payee = DSL.field(DSL.name(first.payee().hop().alias, first.payee().column()), SQLDataType.BIGINT);
        }
        Table<?> ranked = DSL.select(partnerId(first.partner()).as("partner_id"), payee.as("payee_id"),
                        day(first.date()).as("day"), DSL.rowNumber().over(DSL.partitionBy(first.value().field())
                                .orderBy(day(first.date()), id)).as("rank"))
                .from(first.joins().from(reading, Map.of()))
                .where(first.value().field().in(values.toArray()))
                .asTable("ranked");
        return DSL.select(ranked.field("partner_id", Long.class), ranked.field("payee_id", Long.class),
                        ranked.field("day", LocalDate.class)).from(ranked)
                .where(ranked.field("rank", Integer.class).le(depth));
    }

    /** The ids of the source records a partner's line of a period was computed from, lowest first. */
    Select<? extends Record> sourceIds(RebatePeriod period, long partnerId, int limit) {
        return DSL.select(rootId()).from(joins.from(List.of(partner.hop(), date.hop()), Map.of()))
                .where(within(period), partnerId().eq(partnerId)).orderBy(rootId()).limit(limit);
    }

}
