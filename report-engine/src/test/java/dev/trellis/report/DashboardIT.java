package dev.trellis.report;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.CLERK;
import static dev.trellis.core.testing.CoreContext.json;
import static dev.trellis.report.ReportAssertions.rows;
import static dev.trellis.report.ReportAssertions.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trellis.core.ForbiddenException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.testing.CoreContext;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;

/** A cockpit dashboard: global filters reach every widget, charts get ECharts options, KPIs their targets. */
class DashboardIT {

    private static final String APP = "dashboard_it";
    private static final String S = "app_" + APP;
    private static ReportService reports;
    private static DashboardService dashboards;

    @BeforeAll
    static void install() {
        CoreContext.extend(ReportEngineConfiguration.class);
        reports = CoreContext.get().getBean(ReportService.class);
        dashboards = CoreContext.get().getBean(DashboardService.class);
        ReportFixture.install(APP, LocalDate.now());
        var metadata = CoreContext.metadata();
        metadata.saveDraft(ADMIN, APP, "report", "monthly", json("""
                {"name": "monthly", "object": "sales_order",
                 "parameters": [{"name": "period", "type": "period"}, {"name": "region", "type": "text"}],
                 "filter": {"and": [{"field": "order_date", "op": "between", "value": {"$param": "period"}},
                                    {"field": "partner.region", "op": "eq", "value": {"$param": "region"}}]},
                 "groupings": [{"name": "month", "field": "order_date", "bucket": "month"}],
                 "aggregates": [{"name": "revenue", "function": "sum", "field": "amount"}]}"""), null);
        metadata.saveDraft(ADMIN, APP, "report", "total", json("""
                {"name": "total", "object": "sales_order",
                 "aggregates": [{"name": "revenue", "function": "sum", "field": "amount"}]}"""), null);
        metadata.saveDraft(ADMIN, APP, "report", "by_region", json("""
                {"name": "by_region", "object": "sales_order",
                 "parameters": [{"name": "period", "type": "period"}],
                 "filter": {"field": "order_date", "op": "between", "value": {"$param": "period"}},
                 "groupings": [{"name": "region", "field": "partner.region"}],
                 "drillLevels": [{"name": "partner", "field": "partner.name"}],
                 "aggregates": [{"name": "revenue", "function": "sum", "field": "amount"},
                                {"name": "orders", "function": "count"}]}"""), null);
        metadata.saveDraft(ADMIN, APP, "report", "region_lines", json("""
                {"name": "region_lines", "object": "order_line",
                 "groupings": [{"name": "region", "field": "sales_order.partner.region"},
                               {"name": "line", "field": "product.line", "axis": "column"}],
                 "aggregates": [{"name": "units", "function": "sum", "field": "quantity"}]}"""), null);
        metadata.saveDraft(ADMIN, APP, "dashboard", "cockpit", json("""
                {"name": "cockpit", "label": {"en": "Sales cockpit", "zh-CN": "数据驾驶舱"},
                 "filters": [{"name": "period", "type": "period", "defaultValue": "last_12_months"},
                             {"name": "region", "type": "text"}],
                 "widgets": [
                   {"name": "revenue", "type": "kpi", "report": "monthly", "value": "revenue", "target": 100000,
                    "x": 0, "y": 0, "w": 3, "h": 2},
                   {"name": "total", "type": "kpi", "report": "total", "value": "revenue", "snapshot": "daily",
                    "x": 3, "y": 0, "w": 3, "h": 2},
                   {"name": "trend", "type": "area", "report": "monthly", "category": "month", "series": ["revenue"],
                    "x": 6, "y": 0, "w": 6},
                   {"name": "regions", "type": "bar", "report": "by_region", "category": "region",
                    "series": ["revenue", "orders"], "x": 0, "y": 2, "w": 6},
                   {"name": "share", "type": "pie", "report": "by_region", "category": "region", "series": ["revenue"],
                    "parameters": {"period": "this_year"}, "x": 6, "y": 2, "w": 6},
                   {"name": "stages", "type": "funnel", "report": "by_region", "category": "region", "series": ["orders"],
                    "x": 0, "y": 5, "w": 4},
                   {"name": "lines", "type": "pivot", "report": "region_lines", "value": "units", "x": 4, "y": 5, "w": 8},
                   {"name": "stacked", "type": "bar", "report": "region_lines", "category": "region", "series": ["units"],
                    "x": 0, "y": 8, "w": 6},
                   {"name": "detail", "type": "table", "report": "by_region", "x": 6, "y": 8, "w": 6}]}"""), null);
        metadata.publish(ADMIN, APP, false, "cockpit");
    }

    private static DashboardView.WidgetView widget(DashboardView view, String name) {
        return view.widgets().stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void everyWidgetGetsItsReportUnderTheGlobalFiltersAndAChartOption() {
        DashboardView view = dashboards.render(ADMIN, APP, "cockpit", Map.of("region", json("\"east\"")));
        assertThat(view.columns()).isEqualTo(12);
        assertThat(view.filters()).extracting(DashboardView.Filter::name).containsExactly("period", "region");
        assertThat(view.widgets()).extracting(DashboardView.WidgetView::error).containsOnlyNulls();

        LocalDate month = LocalDate.now().withDayOfMonth(1);
        List<List<Object>> monthly = sql("""
                select date_trunc('month', o.order_date)::date, sum(o.amount) from %1$s.sales_order o
                left join %1$s.partner p on p.id = o.partner where o.order_date between ? and ? and p.region = 'east'
                group by 1 order by 1""".formatted(S), month.minusMonths(11), month.plusMonths(1).minusDays(1));
        DashboardView.WidgetView revenue = widget(view, "revenue");
        assertThat(revenue.parameters()).containsOnlyKeys("period", "region");
        assertThat(rows(revenue.data())).isEqualTo(monthly);
        BigDecimal last = (BigDecimal) monthly.getLast().get(1);
        assertThat(revenue.kpi().value()).isEqualByComparingTo(last);
        assertThat(revenue.kpi().previous()).isEqualByComparingTo((BigDecimal) monthly.get(monthly.size() - 2).get(1));
        assertThat(revenue.kpi().progress()).isEqualByComparingTo(last.divide(BigDecimal.valueOf(100000), MathContext.DECIMAL64));
        assertThat(revenue.kpi().trend()).hasSize(monthly.size());
        assertThat(revenue.drillLevels()).containsExactly("month");

        DashboardView.WidgetView trend = widget(view, "trend");
        assertThat(trend.option()).containsKeys("xAxis", "yAxis", "series", "tooltip");
        @SuppressWarnings("unchecked")
        Map<String, Object> series = ((List<Map<String, Object>>) trend.option().get("series")).getFirst();
        assertThat(series).containsEntry("type", "line").containsKey("areaStyle");
        assertThat(((Map<?, ?>) trend.option().get("xAxis")).get("data")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.LIST).first().isEqualTo(
                        monthly.getFirst().get(0).toString().substring(0, 7));

        DashboardView.WidgetView regions = widget(view, "regions");
        assertThat(regions.parameters()).containsOnlyKeys("period"); // by_region has no region parameter
        assertThat((List<?>) regions.option().get("series")).hasSize(2);
        DashboardView.WidgetView share = widget(view, "share");
        assertThat(share.parameters().get("period").stringValue()).isEqualTo("this_year"); // the widget's own value wins

        DashboardView.WidgetView lines = widget(view, "lines");
        List<List<Object>> expected = sql("""
                select p.region, pr.line, sum(l.quantity) from %1$s.order_line l
                left join %1$s.sales_order o on o.id = l.sales_order left join %1$s.partner p on p.id = o.partner
                left join %1$s.product pr on pr.id = l.product group by 1, 2 order by 1 nulls last, 2 nulls last""".formatted(S));
        assertThat(lines.pivot().columns()).containsExactly("camera", "router", "switch");
        assertThat(lines.pivot().rows()).hasSize(4); // three regions and the partner without one
        List<Object> eastRow = lines.pivot().cells().getFirst();
        assertThat(ReportAssertions.normalise(eastRow)).isEqualTo(expected.stream().filter(r -> "east".equals(r.get(0)))
                .map(r -> r.get(2)).toList());
        DashboardView.WidgetView stacked = widget(view, "stacked");
        assertThat((List<?>) stacked.option().get("series")).hasSize(3);
        assertThat(widget(view, "detail").data().columns()).extracting(ReportColumn::name)
                .containsExactly("region", "revenue", "orders");
    }

    @Test
    void badFilterValuesAreRefusedByName() {
        InvalidException e = catchThrowableOfType(InvalidException.class, () -> dashboards.render(ADMIN, APP, "cockpit",
                Map.of("period", json("\"someday\""), "colour", json("\"red\""))));
        assertThat(e.problems()).extracting(p -> p.path() + " " + p.code()).containsExactlyInAnyOrder(
                "/period report-parameter-invalid", "/colour dashboard-filter-unknown");
    }

    @Test
    void aViewerWhoMayNotRunAReportSeesTheWidgetsErrorNotAFailure() {
        DashboardView view = dashboards.render(CLERK, APP, "cockpit", Map.of());
        assertThat(view.widgets()).allSatisfy(w -> {
            assertThat(w.data()).isNull();
            assertThat(w.error().code()).isEqualTo("object-read-forbidden");
        });
    }

    @Test
    void drillingFromAWidgetKeepsTheDashboardsFilters() {
        Map<String, tools.jackson.databind.JsonNode> filters = Map.of("period", json("\"last_year\""));
        ReportResult partners = dashboards.drill(ADMIN, APP, "cockpit", "regions", filters,
                new ReportService.Drill(Map.of("region", json("\"west\"")), null, null, null));
        assertThat(partners.columns().getFirst().name()).isEqualTo("partner");
        assertThat(rows(partners)).isEqualTo(rows(reports.drill(ADMIN, APP, "by_region", filters,
                new ReportService.Drill(Map.of("region", json("\"west\"")), "partner", null, null))));
        LocalDate year = LocalDate.now().withDayOfYear(1).minusYears(1);
        assertThat(rows(partners)).isEqualTo(sql("""
                select p.name, sum(o.amount), count(*) from %1$s.sales_order o left join %1$s.partner p on p.id = o.partner
                where o.order_date between ? and ? and p.region = 'west' group by 1 order by 1""".formatted(S),
                year, year.plusYears(1).minusDays(1)));
    }

    @Test
    void snapshotsAreTakenOncePerPeriodByOneNodeAndShownToWhoReadsEverything() throws Exception {
        TransactionTemplate tx = CoreContext.get().getBean(TransactionTemplate.class);
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread otherNode = new Thread(() -> tx.execute(status -> {
            CoreContext.dsl().fetch("select job from trellis_sys.report_job_lock for update");
            locked.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        otherNode.start();
        assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(dashboards.takeDueSnapshots()).isZero(); // the other node holds the job
        release.countDown();
        otherNode.join();

        dashboards.takeDueSnapshots();
        dashboards.takeDueSnapshots(); // a second round in the same period keeps the one value
        List<KpiSnapshot> kept = dashboards.snapshots(ADMIN, APP, "cockpit", "total", 10);
        assertThat(kept).hasSize(1);
        assertThat(kept.getFirst().period()).isEqualTo(LocalDate.now());
        assertThat(kept.getFirst().value()).isEqualByComparingTo(
                (BigDecimal) sql("select sum(amount) from %s.sales_order".formatted(S)).getFirst().getFirst());
        assertThat(catchThrowableOfType(ForbiddenException.class,
                () -> dashboards.snapshots(CLERK, APP, "cockpit", "total", 10)).code()).isEqualTo("snapshot-forbidden");
    }

    @Test
    void dashboardsAreCheckedAgainstTheirReports() {
        assertThat(CoreContext.metadata().validate(APP, "dashboard", "bad", json("""
                {"name": "bad", "columns": 12,
                 "filters": [{"name": "region", "type": "number"}],
                 "widgets": [
                   {"name": "a", "type": "bar", "report": "nothing"},
                   {"name": "b", "type": "line", "report": "by_region", "category": "partner", "series": ["profit"]},
                   {"name": "c", "type": "pie", "report": "by_region", "category": "region",
                    "series": ["revenue", "orders"], "target": 5},
                   {"name": "d", "type": "pivot", "report": "by_region", "value": "revenue", "x": 10, "w": 4},
                   {"name": "e", "type": "kpi", "report": "monthly", "value": "month",
                    "parameters": {"colour": "red", "period": "someday"}},
                   {"name": "e", "type": "table", "report": "total"}]}""")))
                .extracting(p -> p.path() + " " + p.code()).containsExactlyInAnyOrder(
                        "/widgets/0/report report-unknown",
                        "/widgets/1/category dashboard-category-unknown",
                        "/widgets/1/series/0 dashboard-measure-unknown",
                        "/widgets/2/series dashboard-series-count",
                        "/widgets/2/target dashboard-kpi-only",
                        "/widgets/3/w dashboard-widget-outside",
                        "/widgets/3/report dashboard-pivot-axes",
                        "/widgets/4/value dashboard-measure-unknown",
                        "/widgets/4/parameters/colour report-parameter-unknown",
                        "/widgets/4/parameters/period report-parameter-invalid",
                        "/filters/0/type dashboard-filter-type",
                        "/widgets/5/name dashboard-name-duplicate");
    }
}
