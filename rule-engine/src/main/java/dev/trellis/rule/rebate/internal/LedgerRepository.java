package dev.trellis.rule.rebate.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.trellis.core.json.Json;
import dev.trellis.rule.rebate.ComputedLine;
import dev.trellis.rule.rebate.LedgerLine;
import dev.trellis.rule.rebate.LedgerQuery;
import dev.trellis.rule.rebate.LedgerStatus;
import dev.trellis.rule.rebate.PeriodUnit;
import dev.trellis.rule.rebate.RebatePeriod;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/** The rebate ledger table, {@code trellis_sys.rebate_ledger}: writes of computed lines, reads, status changes. */
final class LedgerRepository {

    static final Table<Record> LEDGER = table(name("trellis_sys", "rebate_ledger"));
    static final Field<Long> ID = field(name("id"), SQLDataType.BIGINT);
    static final Field<String> APP = field(name("app"), SQLDataType.CLOB);
    static final Field<String> POLICY = field(name("policy"), SQLDataType.CLOB);
    static final Field<Integer> POLICY_VERSION = field(name("policy_version"), SQLDataType.INTEGER);
    static final Field<String> COMPONENT = field(name("component"), SQLDataType.CLOB);
    static final Field<Long> PARTNER_ID = field(name("partner_id"), SQLDataType.BIGINT);
    static final Field<String> PAYEE_KIND = field(name("payee_kind"), SQLDataType.CLOB);
    static final Field<Long> PAYEE_ID = field(name("payee_id"), SQLDataType.BIGINT);
    static final Field<String> PERIOD_UNIT = field(name("period_unit"), SQLDataType.CLOB);
    static final Field<LocalDate> PERIOD_START = field(name("period_start"), SQLDataType.LOCALDATE);
    static final Field<LocalDate> PERIOD_END = field(name("period_end"), SQLDataType.LOCALDATE);
    static final Field<String> KIND = field(name("kind"), SQLDataType.CLOB);
    static final Field<BigDecimal> METRIC = field(name("metric"), SQLDataType.NUMERIC);
    static final Field<BigDecimal> BASE = field(name("base"), SQLDataType.NUMERIC);
    static final Field<Integer> TIER = field(name("tier"), SQLDataType.INTEGER);
    static final Field<BigDecimal> RATE = field(name("rate"), SQLDataType.NUMERIC);
    static final Field<BigDecimal> TOTAL = field(name("total"), SQLDataType.NUMERIC);
    static final Field<BigDecimal> AMOUNT = field(name("amount"), SQLDataType.NUMERIC);
    static final Field<String> STATUS = field(name("status"), SQLDataType.CLOB);
    static final Field<OffsetDateTime> COMPUTED_AT = field(name("computed_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    static final Field<OffsetDateTime> APPROVED_AT = field(name("approved_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    static final Field<String> APPROVED_BY = field(name("approved_by"), SQLDataType.CLOB);
    static final Field<OffsetDateTime> PAID_AT = field(name("paid_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    static final Field<String> PAID_BY = field(name("paid_by"), SQLDataType.CLOB);
    static final Field<JSONB> EXPLANATION = field(name("explanation"), SQLDataType.JSONB);

    private static final List<Field<?>> COLUMNS = List.of(ID, APP, POLICY, POLICY_VERSION, COMPONENT, PARTNER_ID,
            PAYEE_KIND, PAYEE_ID, PERIOD_UNIT, PERIOD_START, PERIOD_END, KIND, METRIC, BASE, TIER, RATE, TOTAL, AMOUNT,
            STATUS, COMPUTED_AT, APPROVED_AT, APPROVED_BY, PAID_AT, PAID_BY, EXPLANATION);

    /** What one write of a period's lines did. */
    record Written(int written, int differences, int removed) {
    }

    /**
     * Makes the open lines of a policy and period agree with {@code lines}, for every partner or only for
     * {@code partners}, in one statement. Per (component, partner, payee): the approved and paid lines are
     * summed; if there are none, the open line is an accrual of the computed total; if there are, the open
     * line is the difference between the total and what they hold, and none when that is zero. Open lines of
     * keys the computation no longer yields are deleted. Approved and paid lines are never touched.
     */
    private static final String WRITE = """
            with computed as (
              select * from unnest(cast(? as text[]), cast(? as bigint[]), cast(? as text[]), cast(? as bigint[]),
                                   cast(? as numeric[]), cast(? as numeric[]), cast(? as integer[]),
                                   cast(? as numeric[]), cast(? as numeric[]), cast(cast(? as text[]) as jsonb[]))
                as c(component, partner_id, payee_kind, payee_id, metric, base, tier, rate, total, explanation)
            ),
            frozen as (
              select component, partner_id, payee_id, min(payee_kind) as payee_kind, sum(amount) as amount
              from trellis_sys.rebate_ledger
              where app = ? and policy = ? and period_start = ? and status <> 'accrued' /*partners*/
              group by component, partner_id, payee_id
            ),
            target as (
              select coalesce(c.component, f.component) as component, coalesce(c.partner_id, f.partner_id) as partner_id,
                     coalesce(c.payee_kind, f.payee_kind) as payee_kind, coalesce(c.payee_id, f.payee_id) as payee_id,
                     coalesce(c.metric, 0) as metric, c.base, coalesce(c.tier, 0) as tier, c.rate,
                     coalesce(c.total, 0) as total, coalesce(c.total, 0) - coalesce(f.amount, 0) as amount,
                     f.amount as frozen, coalesce(c.explanation, '{}'::jsonb) as explanation
              from computed c full join frozen f
                on c.component = f.component and c.partner_id = f.partner_id and c.payee_id = f.payee_id
              where f.amount is null or coalesce(c.total, 0) <> f.amount
            ),
            written as (
              insert into trellis_sys.rebate_ledger as l (app, policy, policy_version, component, partner_id, payee_kind,
                  payee_id, period_unit, period_start, period_end, kind, metric, base, tier, rate, total, amount,
                  explanation)
              select ?, ?, ?, component, partner_id, payee_kind, payee_id, ?, ?, ?,
                     case when frozen is null then 'accrual' else 'difference' end, metric, base, tier, rate, total,
                     amount, case when frozen is null then explanation
                                  else explanation || jsonb_build_object('approvedOrPaid', frozen, 'difference', amount) end
              from target
              on conflict (app, policy, period_start, component, partner_id, payee_id) where status = 'accrued'
              do update set policy_version = excluded.policy_version, period_unit = excluded.period_unit,
                  period_end = excluded.period_end, kind = excluded.kind, metric = excluded.metric, base = excluded.base,
                  tier = excluded.tier, rate = excluded.rate, total = excluded.total, amount = excluded.amount,
                  explanation = excluded.explanation, computed_at = now()
              returning l.kind
            ),
            removed as (
              delete from trellis_sys.rebate_ledger l
              where l.app = ? and l.policy = ? and l.period_start = ? and l.status = 'accrued' /*partners*/
                and not exists (select 1 from target t where t.component = l.component and t.partner_id = l.partner_id
                                and t.payee_id = l.payee_id)
              returning 1
            )
            select (select count(*) from written), (select count(*) from written where kind = 'difference'),
                   (select count(*) from removed)
            """;

    /**
     * The write for every partner, and for some components of some partners (two statements, so each is planned
     * on its own indexes).
     */
    private static final String WRITE_ALL = WRITE.replace("/*partners*/", "");
    private static final String WRITE_SOME = WRITE.replace("/*partners*/", "and partner_id = any(cast(? as bigint[]))"
            + " and exists (select 1 from unnest(cast(? as text[]), cast(? as bigint[]), cast(? as bigint[])) as s(c, p, y)"
            + " where s.c = component and s.p = partner_id and (s.y is null or s.y = payee_id))");

    private final DSLContext dsl;

    LedgerRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** {@code scope}: the lines of each component the lines were computed for; null for every line. */
    Written write(RoundTrips trips, String app, String policy, int version, RebatePeriod period,
            List<ComputedLine> lines, Map<String, LineScope> scope) {
        int n = lines.size();
        String[] components = new String[n];
        Long[] partnerIds = new Long[n];
        String[] payeeKinds = new String[n];
        Long[] payeeIds = new Long[n];
        BigDecimal[] metrics = new BigDecimal[n];
        BigDecimal[] bases = new BigDecimal[n];
        Integer[] tiers = new Integer[n];
        BigDecimal[] rates = new BigDecimal[n];
        BigDecimal[] totals = new BigDecimal[n];
        String[] explanations = new String[n];
        for (int i = 0; i < n; i++) {
            ComputedLine line = lines.get(i);
            components[i] = line.component();
            partnerIds[i] = line.partnerId();
            payeeKinds[i] = line.payeeKind();
            payeeIds[i] = line.payeeId();
            metrics[i] = line.metric();
            bases[i] = line.base();
            tiers[i] = line.tier();
            rates[i] = line.rate();
            totals[i] = line.total();
            explanations[i] = Json.write(line.explanation());
        }
        List<Object> bindings = new java.util.ArrayList<>(List.of(components, partnerIds, payeeKinds, payeeIds, metrics,
                bases, tiers, rates, totals, explanations, app, policy, period.start()));
        List<Object> scoped = new java.util.ArrayList<>();
        if (scope != null) {
            // each component's partners x payees (a null payee: all of them)
            List<String> inComponents = new java.util.ArrayList<>();
            List<Long> inPartners = new java.util.ArrayList<>();
            List<Long> inPayees = new java.util.ArrayList<>();
            scope.forEach((component, covered) -> covered.partners().forEach(p -> {
                for (Long payee : covered.payees() == null ? java.util.Collections.<Long>singleton(null) : covered.payees()) {
                    inComponents.add(component);
                    inPartners.add(p);
                    inPayees.add(payee);
                }
            }));
            scoped.add(inPartners.stream().distinct().toArray(Long[]::new));
            scoped.add(inComponents.toArray(new String[0]));
            scoped.add(inPartners.toArray(new Long[0]));
            scoped.add(inPayees.toArray(new Long[0]));
        }
        bindings.addAll(scoped);
        bindings.addAll(List.of(app, policy, version, period.unit().jsonName(), period.start(), period.end(), app, policy,
                period.start()));
        bindings.addAll(scoped);
        Record counts = trips.fetch(scope == null ? WRITE_ALL : WRITE_SOME, bindings.toArray()).get(0);
        return new Written(counts.get(0, Integer.class), counts.get(1, Integer.class), counts.get(2, Integer.class));
    }

    /**
     * A full recompute takes its period exclusively, so no incremental update of it commits in between its
     * reads and its write. The lock lasts until the transaction ends. Taken at once, in a statement of its own:
     * the grouped statement that follows reads every partner, with parallel workers where PostgreSQL sees fit.
     */
    void lockPeriod(String app, String policy, RebatePeriod period) {
        dsl.fetch("select pg_advisory_xact_lock(hashtext(?), hashtext(?))", app + "/" + policy, period.start().toString());
    }

    /**
     * Settles how this transaction's statements are planned, once, before its first rebate statement. An
     * incremental update runs the same few statements for one partner after every write, each with a plan that
     * is the same whatever the ids: PostgreSQL would plan them afresh for every write (custom plans; the
     * first-per bonus makes that planning cost ten times the execution), so the plan is kept instead. No
     * parallel workers and no JIT: starting them costs more than these statements take.
     */
    void tuneIncremental(RoundTrips trips) {
        trips.hold("select set_config('plan_cache_mode', 'force_generic_plan', true),"
                + " set_config('max_parallel_workers_per_gather', '0', true), set_config('jit', 'off', true)");
    }

    /**
     * An incremental update shares its period (with other incremental updates, not with a full recompute) and
     * takes its partners' keys exclusively, in id order, so two writers of one line wait for each other and
     * the second reads what the first committed. Held back for the next statement's round trip.
     */
    void prepareIncremental(RoundTrips trips, String app, String policy, RebatePeriod period,
            Collection<Long> partners) {
        trips.hold("select pg_advisory_xact_lock_shared(hashtext(?), hashtext(?)),"
                        + " (select count(pg_advisory_xact_lock(hashtext(?), hashtext(? || '/' || p)))"
                        + " from (select p from unnest(cast(? as bigint[])) as u(p) order by p) as ordered)",
                app + "/" + policy, period.start().toString(), app + "/" + policy, period.start().toString(),
                partners.stream().sorted().toArray(Long[]::new));
    }

    List<LedgerLine> find(String app, LedgerQuery query, Condition visible) {
        Condition where = APP.eq(app).and(visible);
        if (query.policy() != null) {
            where = where.and(POLICY.eq(query.policy()));
        }
        if (query.partnerId() != null) {
            where = where.and(PARTNER_ID.eq(query.partnerId()));
        }
        if (query.period() != null) {
            where = where.and(PERIOD_START.le(query.period())).and(PERIOD_END.gt(query.period()));
        }
        if (query.status() != null) {
            where = where.and(STATUS.eq(query.status().jsonName()));
        }
        return dsl.select(COLUMNS).from(LEDGER).where(where).orderBy(PERIOD_START, POLICY, PARTNER_ID, ID).limit(query.limit())
                .fetch(LedgerRepository::line);
    }

    Optional<LedgerLine> find(String app, long id) {
        return dsl.select(COLUMNS).from(LEDGER).where(APP.eq(app), ID.eq(id)).fetchOptional(LedgerRepository::line);
    }

    /** Moves a line from one status to the next, stamped; empty when it is not (or no longer) in {@code from}. */
    Optional<LedgerLine> transition(String app, long id, LedgerStatus from, LedgerStatus to, String by) {
        Field<OffsetDateTime> at = to == LedgerStatus.APPROVED ? APPROVED_AT : PAID_AT;
        Field<String> who = to == LedgerStatus.APPROVED ? APPROVED_BY : PAID_BY;
        return dsl.update(LEDGER).set(STATUS, to.jsonName()).set(at, DSL.currentOffsetDateTime()).set(who, by)
                .where(APP.eq(app), ID.eq(id), STATUS.eq(from.jsonName()))
                .returning(COLUMNS).fetchOptional().map(LedgerRepository::line);
    }

    /** What the ledger holds for a policy and period per (component, partner, payee), every status together. */
    List<? extends Record> sums(String app, String policy, RebatePeriod period) {
        return dsl.select(COMPONENT, PARTNER_ID, PAYEE_KIND, PAYEE_ID, DSL.sum(AMOUNT).as("amount")).from(LEDGER)
                .where(APP.eq(app), POLICY.eq(policy), PERIOD_START.eq(period.start()))
                .groupBy(COMPONENT, PARTNER_ID, PAYEE_KIND, PAYEE_ID).fetch();
    }

    BigDecimal total(String app, String policy, RebatePeriod period) {
        return dsl.select(DSL.coalesce(DSL.sum(AMOUNT), BigDecimal.ZERO)).from(LEDGER)
                .where(APP.eq(app), POLICY.eq(policy), PERIOD_START.eq(period.start())).fetchSingle().value1();
    }

    private static LedgerLine line(Record r) {
        RebatePeriod period = new RebatePeriod(PeriodUnit.fromJson(r.get(PERIOD_UNIT)), r.get(PERIOD_START),
                r.get(PERIOD_END));
        return new LedgerLine(r.get(ID), r.get(APP), r.get(POLICY), r.get(POLICY_VERSION), r.get(COMPONENT),
                r.get(PARTNER_ID), r.get(PAYEE_KIND), r.get(PAYEE_ID), period, r.get(KIND), r.get(METRIC), r.get(BASE),
                r.get(TIER), r.get(RATE), r.get(TOTAL), r.get(AMOUNT), LedgerStatus.fromJson(r.get(STATUS)),
                r.get(COMPUTED_AT), r.get(APPROVED_AT), r.get(APPROVED_BY), r.get(PAID_AT), r.get(PAID_BY),
                Json.parse(r.get(EXPLANATION).data()));
    }
}
