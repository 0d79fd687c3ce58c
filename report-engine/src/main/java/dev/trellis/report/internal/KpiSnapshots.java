package dev.trellis.report.internal;

import dev.trellis.core.NotFoundException;
import dev.trellis.core.TrellisException;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.report.DashboardDefinition;
import dev.trellis.report.DashboardView;
import dev.trellis.report.KpiSnapshot;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The KPI snapshot store and its job. A round runs in one transaction that first takes the job's row lock
 * ({@code FOR UPDATE SKIP LOCKED}): on several nodes only one works, the others skip the round. Each KPI
 * widget with a {@code snapshot} schedule gets at most one row per period (the unique key makes a repeat a
 * no-op), so a round can run as often as wanted.
 */
public final class KpiSnapshots {

    private static final Logger log = LoggerFactory.getLogger(KpiSnapshots.class);

    private static final Table<Record> SNAPSHOT = DSL.table(DSL.name("trellis_sys", "kpi_snapshot"));
    private static final Table<Record> LOCK = DSL.table(DSL.name("trellis_sys", "report_job_lock"));
    private static final Field<String> JOB = DSL.field(DSL.name("job"), SQLDataType.CLOB);
    private static final Field<OffsetDateTime> LAST_RUN = DSL.field(DSL.name("last_run"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    private static final Field<String> APP = DSL.field(DSL.name("app"), SQLDataType.CLOB);
    private static final Field<String> DASHBOARD = DSL.field(DSL.name("dashboard"), SQLDataType.CLOB);
    private static final Field<String> WIDGET = DSL.field(DSL.name("widget"), SQLDataType.CLOB);
    private static final Field<LocalDate> PERIOD = DSL.field(DSL.name("period"), SQLDataType.LOCALDATE);
    private static final Field<BigDecimal> VALUE = DSL.field(DSL.name("value"), SQLDataType.NUMERIC);
    private static final Field<BigDecimal> TARGET = DSL.field(DSL.name("target"), SQLDataType.NUMERIC);
    private static final Field<OffsetDateTime> TAKEN_AT = DSL.field(DSL.name("taken_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    static final String JOB_NAME = "kpi-snapshots";

    private final MetadataService metadata;
    private final DSLContext dsl;
    private final TransactionTemplate tx;
    private final Clock clock;

    public KpiSnapshots(MetadataService metadata, DSLContext dsl, TransactionTemplate tx, Clock clock) {
        this.metadata = metadata;
        this.dsl = dsl;
        this.tx = tx;
        this.clock = clock;
    }

    /** The first day of the period a schedule keeps one value for. */
    static LocalDate periodOf(String schedule, LocalDate today) {
        return switch (schedule) {
            case "weekly" -> today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case "monthly" -> today.withDayOfMonth(1);
            default -> today;
        };
    }

    /** One round: every due snapshot of every app, unless another node holds the job. */
    int takeDue(DefaultDashboardService dashboards) {
        Integer taken = tx.execute(status -> {
            if (dsl.select(JOB).from(LOCK).where(JOB.eq(JOB_NAME)).forUpdate().skipLocked().fetchOptional().isEmpty()) {
                return 0; // another node is taking this round
            }
            int count = 0;
            for (String app : metadata.apps()) {
                count += takeDue(app, dashboards);
            }
            dsl.update(LOCK).set(LAST_RUN, OffsetDateTime.now(clock)).where(JOB.eq(JOB_NAME)).execute();
            return count;
        });
        return taken == null ? 0 : taken;
    }

    private int takeDue(String app, DefaultDashboardService dashboards) {
        PublishedApp published;
        try {
            published = metadata.published(app);
        } catch (NotFoundException e) {
            return 0; // never published
        }
        LocalDate today = LocalDate.now(clock);
        int count = 0;
        for (DashboardDefinition dashboard : published.all(DashboardKind.NAME, DashboardDefinition.class).values()) {
            for (DashboardDefinition.Widget w : dashboard.widgets()) {
                if (w.snapshot() == null) {
                    continue;
                }
                LocalDate period = periodOf(w.snapshot(), today);
                if (dsl.fetchExists(SNAPSHOT, APP.eq(app), DASHBOARD.eq(dashboard.name()), WIDGET.eq(w.name()),
                        PERIOD.eq(period))) {
                    continue;
                }
                try {
                    BigDecimal value = dashboards.kpiValue(published, dashboard, w);
                    count += dsl.insertInto(SNAPSHOT, APP, DASHBOARD, WIDGET, PERIOD, VALUE, TARGET)
                            .values(app, dashboard.name(), w.name(), period, value, w.target())
                            .onConflictDoNothing().execute();
                } catch (TrellisException e) {
                    // one broken widget must not stop the others; the next round tries again
                    log.warn("KPI snapshot {}/{}/{} failed: {}", app, dashboard.name(), w.name(), e.getMessage());
                }
            }
        }
        return count;
    }

    List<KpiSnapshot> list(String app, String dashboard, String widget, int limit) {
        return dsl.select(PERIOD, VALUE, TARGET, TAKEN_AT).from(SNAPSHOT)
                .where(APP.eq(app), DASHBOARD.eq(dashboard), WIDGET.eq(widget)).orderBy(PERIOD.desc())
                .limit(Math.max(1, Math.min(limit, 1000)))
                .fetch(r -> new KpiSnapshot(app, dashboard, widget, r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /** The values kept for periods before the current one, oldest first, for a KPI card's trend. */
    List<DashboardView.Point> history(String app, String dashboard, DashboardDefinition.Widget widget, int limit) {
        LocalDate current = periodOf(widget.snapshot(), LocalDate.now(clock));
        List<DashboardView.Point> points = new ArrayList<>();
        List<KpiSnapshot> kept = list(app, dashboard, widget.name(), limit + 1).stream()
                .filter(s -> s.period().isBefore(current)).limit(limit).toList();
        for (int i = kept.size() - 1; i >= 0; i--) {
            points.add(new DashboardView.Point(kept.get(i).period().toString(), kept.get(i).value()));
        }
        return points;
    }
}
