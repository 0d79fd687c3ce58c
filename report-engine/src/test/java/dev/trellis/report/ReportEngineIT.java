package dev.trellis.report;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.json;
import static dev.trellis.report.ReportAssertions.publish;
import static dev.trellis.report.ReportAssertions.rows;
import static dev.trellis.report.ReportAssertions.sql;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.testing.CoreContext;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every report feature gives what a hand-written SQL query over the same rows gives. */
class ReportEngineIT {

    private static final String APP = "report_it";
    private static final String S = "app_" + APP;
    private static final LocalDate TODAY = LocalDate.now();
    private static ReportService reports;

    @BeforeAll
    static void install() {
        CoreContext.extend(ReportEngineConfiguration.class);
        reports = CoreContext.get().getBean(ReportService.class);
        ReportFixture.install(APP, TODAY);
    }

    private static ReportResult run(String report, Map<String, JsonNode> parameters) {
        return reports.run(ADMIN, APP, report, parameters);
    }

    @Test
    void groupsByMonthAndRegionWithSumCountAndAverageUnderAFilter() {
        publish(APP, json("""
                {"name": "won_by_month", "object": "sales_order",
                 "filter": {"field": "status", "op": "eq", "value": "won"},
                 "groupings": [{"name": "month", "field": "order_date", "bucket": "month"},
                               {"name": "region", "field": "partner.region"}],
                 "aggregates": [{"name": "revenue", "function": "sum", "field": "amount"},
                                {"name": "orders", "function": "count"},
                                {"name": "average", "function": "avg", "field": "amount"}]}"""));
        ReportResult result = run("won_by_month", Map.of());
        assertThat(result.columns()).extracting(ReportColumn::name)
                .containsExactly("month", "region", "revenue", "orders", "average");
        assertThat(result.columns().get(0).bucket()).isEqualTo("month");
        assertThat(rows(result)).isEqualTo(sql("""
                select date_trunc('month', o.order_date)::date, p.region, sum(o.amount), count(*), avg(o.amount)
                from %1$s.sales_order o left join %1$s.partner p on p.id = o.partner
                where o.status = 'won' group by 1, 2 order by 1 nulls last, 2 nulls last""".formatted(S)));
        assertThat(result.rows()).hasSizeGreaterThan(20);
    }

    @Test
    void everyBucketAndDistinctCountsMinimaAndMaxima() {
        for (String bucket : List.of("day", "week", "month", "quarter", "year")) {
            publish(APP, json("""
                    {"name": "by_%1$s", "object": "order_line",
                     "groupings": [{"name": "period", "field": "sales_order.order_date", "bucket": "%1$s"},
                                   {"name": "line", "field": "product.line", "axis": "column"}],
                     "aggregates": [{"name": "orders", "function": "count_distinct", "field": "sales_order"},
                                    {"name": "smallest", "function": "min", "field": "price"},
                                    {"name": "largest", "function": "max", "field": "quantity"},
                                    {"name": "first", "function": "min", "field": "sales_order.order_date"},
                                    {"name": "units", "function": "sum", "field": "quantity"}]}""".formatted(bucket)));
            assertThat(rows(run("by_" + bucket, Map.of()))).as(bucket).isEqualTo(sql("""
                    select date_trunc('%2$s', o.order_date)::date, pr.line, count(distinct l.sales_order), min(l.price),
                           max(l.quantity), min(o.order_date), sum(l.quantity)
                    from %1$s.order_line l left join %1$s.sales_order o on o.id = l.sales_order
                    left join %1$s.product pr on pr.id = l.product
                    group by 1, 2 order by 1 nulls last, 2 nulls last""".formatted(S, bucket)));
        }
    }

    @Test
    void formulasComputeRatiosSharesAndPeriodOverPeriodGrowth() {
        publish(APP, json("""
                {"name": "collection", "object": "sales_order",
                 "filter": {"field": "order_date", "op": "is_null", "value": false},
                 "groupings": [{"name": "region", "field": "partner.region"},
                               {"name": "quarter", "field": "order_date", "bucket": "quarter"}],
                 "aggregates": [{"name": "invoiced", "function": "sum", "field": "amount"},
                                {"name": "collected", "function": "sum", "field": "collected"},
                                {"name": "orders", "function": "count"},
                                {"name": "won", "function": "count", "field": "signed_at"}],
                 "formulas": [{"name": "collection_rate", "op": "ratio", "of": ["collected", "invoiced"], "scale": 100},
                              {"name": "conversion", "op": "ratio", "of": ["won", "orders"]},
                              {"name": "open_amount", "op": "difference", "of": ["invoiced", "collected"]},
                              {"name": "share", "op": "share", "of": ["invoiced"]},
                              {"name": "growth", "op": "growth", "of": ["invoiced"], "over": "quarter", "scale": 100}]}"""));
        assertThat(rows(run("collection", Map.of()))).isEqualTo(sql("""
                select region, quarter, invoiced, collected, orders, won,
                       collected / nullif(invoiced, 0) * 100, won::numeric / nullif(orders, 0), invoiced - collected,
                       invoiced / nullif(sum(invoiced) over (), 0),
                       (invoiced - lag(invoiced) over (partition by region order by quarter))
                         / nullif(lag(invoiced) over (partition by region order by quarter), 0) * 100
                from (select p.region, date_trunc('quarter', o.order_date)::date quarter, sum(o.amount) invoiced,
                             sum(o.collected) collected, count(*) orders, count(o.signed_at) won
                      from %1$s.sales_order o left join %1$s.partner p on p.id = o.partner
                      where o.order_date is not null group by 1, 2) g
                order by 1 nulls last, 2 nulls last""".formatted(S)));
    }

    @Test
    void havingSortAndTopN() {
        publish(APP, json("""
                {"name": "top_partners", "object": "sales_order",
                 "groupings": [{"name": "partner", "field": "partner.name"}],
                 "aggregates": [{"name": "revenue", "function": "sum", "field": "amount"},
                                {"name": "orders", "function": "count"}],
                 "having": {"field": "orders", "op": "ge", "value": 25},
                 "sort": [{"by": "revenue", "direction": "desc"}], "limit": 3}"""));
        List<List<Object>> expected = sql("""
                select p.name, sum(o.amount), count(*) from %1$s.sales_order o left join %1$s.partner p on p.id = o.partner
                group by 1 having count(*) >= 25 order by 2 desc nulls last, 1 nulls last limit 3""".formatted(S));
        assertThat(expected).hasSize(3);
        assertThat(rows(run("top_partners", Map.of()))).isEqualTo(expected);
    }

    @Test
    void parametersFillFiltersAndRelativePeriodsResolveToDates() {
        publish(APP, json("""
                {"name": "period_sales", "object": "sales_order",
                 "parameters": [{"name": "period", "type": "period", "defaultValue": "last_12_months"},
                                {"name": "region", "type": "text"}, {"name": "minimum", "type": "number"}],
                 "filter": {"and": [{"field": "order_date", "op": "between", "value": {"$param": "period"}},
                                    {"field": "partner.region", "op": "eq", "value": {"$param": "region"}},
                                    {"field": "amount", "op": "ge", "value": {"$param": "minimum"}}]},
                 "groupings": [{"name": "month", "field": "order_date", "bucket": "month"}],
                 "aggregates": [{"name": "revenue", "function": "sum", "field": "amount"}]}"""));
        LocalDate month = TODAY.withDayOfMonth(1);
        String query = """
                select date_trunc('month', o.order_date)::date, sum(o.amount)
                from %1$s.sales_order o left join %1$s.partner p on p.id = o.partner
                where o.order_date between ? and ? %2$s group by 1 order by 1""";
        assertThat(rows(run("period_sales", Map.of()))).hasSize(12).isEqualTo(sql(query.formatted(S, ""),
                month.minusMonths(11), month.plusMonths(1).minusDays(1)));
        LocalDate quarter = TODAY.with(IsoFields.DAY_OF_QUARTER, 1);
        assertThat(rows(run("period_sales", Map.of("period", json("\"this_quarter\""), "region", json("\"east\""),
                "minimum", json("2000"))))).isEqualTo(sql(query.formatted(S, "and p.region = ? and o.amount >= ?"),
                quarter, quarter.plusMonths(3).minusDays(1), "east", 2000));
        assertThat(rows(run("period_sales", Map.of("period", json("{\"from\": \"2000-01-01\", \"to\": \"2100-01-01\"}")))))
                .isEqualTo(sql(query.formatted(S, ""), LocalDate.of(2000, 1, 1), LocalDate.of(2100, 1, 1)));
    }

    @Test
    void aPeriodOnADateTimeFieldCoversWholeDaysInTheSessionsZone() {
        publish(APP, json("""
                {"name": "signed", "object": "sales_order",
                 "parameters": [{"name": "period", "type": "period", "defaultValue": "last_90_days"}],
                 "filter": {"field": "signed_at", "op": "between", "value": {"$param": "period"}},
                 "groupings": [{"name": "day", "field": "signed_at"}],
                 "aggregates": [{"name": "orders", "function": "count"}]}"""));
        ReportResult result = run("signed", Map.of());
        assertThat(result.columns().getFirst().bucket()).isEqualTo("day"); // an instant is grouped by its day
        assertThat(rows(result)).isNotEmpty().isEqualTo(sql("""
                select date_trunc('day', signed_at)::date, count(*) from %1$s.sales_order
                where signed_at >= ?::date and signed_at < ?::date + 1 group by 1 order by 1""".formatted(S),
                TODAY.minusDays(89), TODAY));
    }

    @Test
    void badParametersAreNamedByPath() {
        publish(APP, json("""
                {"name": "checked_params", "object": "sales_order",
                 "parameters": [{"name": "period", "type": "period"}, {"name": "minimum", "type": "number"}],
                 "filter": {"and": [{"field": "order_date", "op": "between", "value": {"$param": "period"}},
                                    {"field": "amount", "op": "ge", "value": {"$param": "minimum"}}]},
                 "aggregates": [{"name": "n", "function": "count"}]}"""));
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(dev.trellis.core.InvalidException.class,
                () -> run("checked_params", Map.of("period", json("\"someday\""), "minimum", json("\"lots\""),
                        "colour", json("\"red\"")))).problems())
                .extracting(p -> p.path() + " " + p.code())
                .containsExactlyInAnyOrder("/period report-parameter-invalid", "/minimum report-parameter-invalid",
                        "/colour report-parameter-unknown");
    }

    @Test
    void drillDownGoesToTheNextLevelAndToTheRecordsOfACell() {
        publish(APP, json("""
                {"name": "drillable", "object": "sales_order",
                 "filter": {"field": "status", "op": "ne", "value": "lost"},
                 "columns": [{"field": "partner.name"}, {"field": "amount", "format": "#,##0"}],
                 "groupings": [{"name": "region", "field": "partner.region"},
                               {"name": "year", "field": "order_date", "bucket": "year"}],
                 "drillLevels": [{"name": "tier", "field": "partner.tier"}],
                 "aggregates": [{"name": "revenue", "function": "sum", "field": "amount"}]}"""));
        ReportResult years = reports.drill(ADMIN, APP, "drillable", Map.of(),
                new ReportService.Drill(Map.of("region", json("\"east\"")), null, null, null));
        assertThat(years.columns()).extracting(ReportColumn::name).containsExactly("year", "revenue");
        assertThat(rows(years)).isEqualTo(sql("""
                select date_trunc('year', o.order_date)::date, sum(o.amount) from %1$s.sales_order o
                left join %1$s.partner p on p.id = o.partner where o.status is distinct from 'lost' and p.region = 'east'
                group by 1 order by 1 nulls last""".formatted(S)));
        String year = (String) years.rows().stream().max(java.util.Comparator.comparing(
                r -> (java.math.BigDecimal) r.get(1))).orElseThrow().getFirst();
        ReportResult tiers = reports.drill(ADMIN, APP, "drillable", Map.of(),
                new ReportService.Drill(Map.of("region", json("\"east\""), "year", json("\"" + year + "\"")), null, null, null));
        assertThat(tiers.columns()).extracting(ReportColumn::name).containsExactly("tier", "revenue");
        ReportResult records = reports.drill(ADMIN, APP, "drillable", Map.of(), new ReportService.Drill(
                Map.of("region", json("\"east\""), "year", json("\"" + year + "\""), "tier", json("\"gold\"")), null,
                null, 2));
        List<List<Object>> all = sql("""
                select o.id, p.name, o.amount from %1$s.sales_order o left join %1$s.partner p on p.id = o.partner
                where o.status is distinct from 'lost' and p.region = 'east' and p.tier = 'gold'
                  and date_trunc('year', o.order_date)::date = ?::date order by o.id""".formatted(S), year);
        assertThat(records.columns()).extracting(ReportColumn::name).containsExactly("id", "partner.name", "amount");
        assertThat(all).hasSizeGreaterThan(2);
        assertThat(rows(records)).isEqualTo(all.subList(0, 2));
        assertThat(records.truncated()).isTrue();
        long last = ((Number) records.rows().getLast().getFirst()).longValue();
        ReportResult next = reports.drill(ADMIN, APP, "drillable", Map.of(), new ReportService.Drill(
                Map.of("region", json("\"east\""), "year", json("\"" + year + "\""), "tier", json("\"gold\"")),
                "records", last, 1000));
        assertThat(rows(next)).isEqualTo(all.subList(2, all.size()));
        ReportResult nulls = reports.drill(ADMIN, APP, "drillable", Map.of(), new ReportService.Drill(
                Map.of("region", json("null")), "records", null, 1000));
        assertThat(rows(nulls)).isEqualTo(sql("""
                select o.id, p.name, o.amount from %1$s.sales_order o left join %1$s.partner p on p.id = o.partner
                where o.status is distinct from 'lost' and p.region is null order by o.id""".formatted(S)));
    }

    @Test
    void aReportWithoutGroupingsListsItsRecordsAndStreamsLikeItRuns() {
        publish(APP, json("""
                {"name": "big_orders", "object": "sales_order",
                 "filter": {"field": "amount", "op": "gt", "value": 9000},
                 "columns": [{"field": "partner.name"}, {"field": "order_date"}, {"field": "amount"}]}"""));
        ReportResult listed = run("big_orders", Map.of());
        assertThat(rows(listed)).isEqualTo(sql("""
                select o.id, p.name, o.order_date, o.amount from %1$s.sales_order o
                left join %1$s.partner p on p.id = o.partner where o.amount > 9000 order by o.id""".formatted(S)));
        List<List<Object>> streamed = new ArrayList<>();
        List<ReportColumn> header = new ArrayList<>();
        reports.stream(ADMIN, APP, "big_orders", Map.of(), new ReportService.RowSink() {
            @Override
            public void columns(List<ReportColumn> columns) {
                header.addAll(columns);
            }

            @Override
            public void row(List<Object> values) {
                streamed.add(values);
            }
        });
        assertThat(header).isEqualTo(listed.columns());
        // the same rows, with dates as dates for a spreadsheet
        assertThat(streamed).filteredOn(row -> row.get(2) != null)
                .allSatisfy(row -> assertThat(row.get(2)).isInstanceOf(java.time.LocalDate.class)).isNotEmpty();
        assertThat(streamed.stream().map(row -> row.stream().map(v -> v instanceof java.time.LocalDate d ? (Object) d.toString() : v)
                .toList()).toList()).isEqualTo(listed.rows());
    }
}
