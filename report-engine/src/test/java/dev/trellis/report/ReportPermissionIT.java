package dev.trellis.report;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.json;
import static dev.trellis.report.ReportAssertions.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trellis.core.Actor;
import dev.trellis.core.ForbiddenException;
import dev.trellis.core.record.RecordQuery;
import dev.trellis.core.security.UserService;
import dev.trellis.core.testing.AccessFixture;
import dev.trellis.core.testing.CoreContext;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A viewer never sees a number computed from records they cannot read: for every user of the access
 * fixture (partner users, private sharing, role hierarchy, shares), a report's figures equal what the
 * record service lets that user read; a field hidden from them makes the report forbidden, not different.
 */
class ReportPermissionIT {

    private static final String APP = "report_access";
    private static AccessFixture fixture;
    private static ReportService reports;

    @BeforeAll
    static void install() {
        CoreContext.extend(ReportEngineConfiguration.class);
        reports = CoreContext.get().getBean(ReportService.class);
        fixture = AccessFixture.install(APP, ADMIN, CoreContext.metadata(), CoreContext.records(),
                CoreContext.get().getBean(UserService.class), CoreContext.dsl());
        publish(APP, json("""
                {"name": "units_by_order", "object": "order_line",
                 "columns": [{"field": "quantity"}, {"field": "sales_order.partner.name"}],
                 "groupings": [{"name": "sales_order", "field": "sales_order"}],
                 "aggregates": [{"name": "units", "function": "sum", "field": "quantity"},
                                {"name": "lines", "function": "count"}]}"""));
        publish(APP, json("""
                {"name": "margin_by_product", "object": "order_line",
                 "groupings": [{"name": "product", "field": "product.name"}],
                 "aggregates": [{"name": "margin", "function": "sum", "field": "margin"}]}"""));
        publish(APP, json("""
                {"name": "order_list", "object": "sales_order",
                 "columns": [{"field": "partner.name"}, {"field": "amount"}]}"""));
        publish(APP, json("""
                {"name": "order_cost", "object": "sales_order",
                 "aggregates": [{"name": "amount", "function": "sum", "field": "amount"},
                                {"name": "cost", "function": "sum", "field": "cost"}]}"""));
    }

    /** What the record service lets the actor read: quantity per order, and the ids. */
    private static Map<Long, long[]> readable(Actor actor) {
        Map<Long, long[]> byOrder = new TreeMap<>();
        for (Map<String, Object> line : CoreContext.records().query(actor, APP, "order_line", RecordQuery.all()).records()) {
            long[] sums = byOrder.computeIfAbsent(((Number) line.get("sales_order")).longValue(), k -> new long[2]);
            sums[0] += ((Number) line.get("quantity")).longValue();
            sums[1]++;
        }
        return byOrder;
    }

    @Test
    void everyViewersFiguresComeOnlyFromRecordsTheyMayRead() {
        int checked = 0;
        for (Map.Entry<String, Actor> user : fixture.actors.entrySet()) {
            Actor actor = user.getValue();
            if (!CoreContext.records().permissions(actor, APP, "order_line").read()) {
                assertThat(catchThrowableOfType(ForbiddenException.class,
                        () -> reports.run(actor, APP, "units_by_order", Map.of())).code())
                        .as(user.getKey()).isEqualTo("object-read-forbidden");
                continue;
            }
            Map<Long, long[]> expected = readable(actor);
            Map<Long, long[]> reported = new TreeMap<>();
            for (List<Object> row : reports.run(actor, APP, "units_by_order", Map.of()).rows()) {
                reported.put(((Number) row.get(0)).longValue(), new long[] {((Number) row.get(1)).longValue(),
                        ((Number) row.get(2)).longValue()});
            }
            assertThat(reported.keySet()).as(user.getKey()).isEqualTo(expected.keySet());
            expected.forEach((order, sums) -> assertThat(reported.get(order)).as(user.getKey()).containsExactly(sums));
            ReportResult records = reports.drill(actor, APP, "units_by_order", Map.of(),
                    new ReportService.Drill(Map.of(), "records", null, 1000));
            assertThat(records.rows()).as(user.getKey()).hasSize(expected.values().stream().mapToInt(s -> (int) s[1]).sum());
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(8);
        // the partner users see their own account's lines only: Acme's orders o1, o2, o5
        assertThat(readable(fixture.actors.get("p_a")).keySet()).containsExactlyInAnyOrder(
                fixture.records.get("o1").id(), fixture.records.get("o2").id(), fixture.records.get("o5").id());
    }

    @Test
    void aFieldHiddenFromTheViewerMakesTheReportForbiddenNamingWhereItIsUsed() {
        ForbiddenException partner = catchThrowableOfType(ForbiddenException.class,
                () -> reports.run(fixture.actors.get("p_a"), APP, "margin_by_product", Map.of()));
        assertThat(partner.problems()).extracting(p -> p.path() + " " + p.code())
                .containsExactly("/aggregates/0/field field-forbidden");
        ForbiddenException rep = catchThrowableOfType(ForbiddenException.class,
                () -> reports.run(fixture.actors.get("rep_east"), APP, "order_cost", Map.of()));
        assertThat(rep.problems()).extracting(p -> p.path() + " " + p.code())
                .containsExactly("/aggregates/1/field field-forbidden");
        assertThat(reports.run(fixture.actors.get("director"), APP, "order_cost", Map.of()).rows()).hasSize(1);
    }

    @Test
    void streamingForExportNeedsTheExportPermission() {
        List<List<Object>> rows = new java.util.ArrayList<>();
        reports.stream(fixture.actors.get("auditor"), APP, "order_list", Map.of(), new ReportService.RowSink() {
            @Override
            public void columns(List<ReportColumn> columns) {
                assertThat(columns).extracting(ReportColumn::name).containsExactly("id", "partner.name", "amount");
            }

            @Override
            public void row(List<Object> values) {
                rows.add(values);
            }
        });
        assertThat(rows).hasSize(6);
        assertThat(catchThrowableOfType(ForbiddenException.class, () -> reports.stream(fixture.actors.get("director"),
                APP, "order_list", Map.of(), new ReportService.RowSink() {
                    @Override
                    public void columns(List<ReportColumn> columns) {
                    }

                    @Override
                    public void row(List<Object> values) {
                    }
                })).code()).isEqualTo("object-export-forbidden");
    }

    @Test
    void aReportForARoleMayNotUseFieldsHiddenFromIt() {
        assertThat(CoreContext.metadata().validate(APP, "report", "rep_cost", json("""
                {"name": "rep_cost", "object": "order_line", "roles": ["sales_rep", "ghost"],
                 "groupings": [{"name": "product", "field": "product.cost"}],
                 "aggregates": [{"name": "amount", "function": "sum", "field": "sales_order.cost"},
                                {"name": "units", "function": "sum", "field": "quantity"}]}""")))
                .extracting(p -> p.path() + " " + p.code())
                .containsExactlyInAnyOrder("/roles/1 role-unknown", "/groupings/0/field report-field-hidden",
                        "/aggregates/0/field report-field-hidden");
    }

    @Test
    void cachedResultsAreKeptPerScopeAndDroppedWhenTheSourceTableChanges() throws InterruptedException {
        Actor pa = fixture.actors.get("p_a");
        ReportResult admin = reports.run(ADMIN, APP, "units_by_order", Map.of());
        ReportResult partner = reports.run(pa, APP, "units_by_order", Map.of());
        assertThat(partner.rows()).hasSizeLessThan(admin.rows().size());
        assertThat(reports.run(ADMIN, APP, "units_by_order", Map.of())).isSameAs(admin);
        assertThat(reports.run(pa, APP, "units_by_order", Map.of())).isSameAs(partner);

        long order = fixture.records.get("o1").id();
        CoreContext.records().create(ADMIN, APP, "order_line", json("{\"sales_order\": " + order + ", \"product\": "
                + fixture.records.get("P1").id() + ", \"quantity\": 1000}"));
        ReportResult after = admin;
        for (int i = 0; i < 50 && after == admin; i++) {
            Thread.sleep(100); // PostgreSQL publishes the writer's table counts within about a second
            after = reports.run(ADMIN, APP, "units_by_order", Map.of());
        }
        assertThat(after).isNotSameAs(admin);
        BigDecimal units = after.rows().stream().filter(r -> ((Number) r.get(0)).longValue() == order)
                .map(r -> new BigDecimal(r.get(1).toString())).findFirst().orElseThrow();
        assertThat(units).isGreaterThanOrEqualTo(BigDecimal.valueOf(1000));
    }
}
