package dev.trellis.report;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trellis.core.InvalidException;
import dev.trellis.core.testing.CoreContext;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Report definitions are checked when saved: every mistake is a problem at its JSON path, nothing is saved. */
class ReportKindIT {

    private static final String APP = "report_kind_it";

    @BeforeAll
    static void install() {
        CoreContext.extend(ReportEngineConfiguration.class);
        ReportFixture.install(APP, LocalDate.now());
    }

    private static List<String> problems(String report) {
        return CoreContext.metadata().validate(APP, "report", "bad", json(report)).stream()
                .map(p -> p.path() + " " + p.code()).toList();
    }

    @Test
    void everyMistakeIsReportedWhereItIs() {
        assertThat(problems("""
                {"name": "bad", "object": "sales_order",
                 "parameters": [{"name": "region", "type": "number"}, {"name": "since", "type": "date", "defaultValue": "soon"}],
                 "filter": {"and": [{"field": "colour", "op": "eq", "value": "red"},
                                    {"field": "partner.region", "op": "eq", "value": {"$param": "region"}},
                                    {"field": "amount", "op": "ge", "value": {"$param": "nothing"}},
                                    {"field": "status", "op": "eq", "value": "maybe"}]},
                 "groupings": [{"name": "month", "field": "note", "bucket": "month"},
                               {"name": "who", "field": "partner.nickname"},
                               {"name": "deep", "field": "amount.value"},
                               {"name": "payload", "field": "payload"}],
                 "aggregates": [{"name": "total", "function": "sum", "field": "note"},
                                {"name": "average", "function": "avg"},
                                {"name": "total", "function": "count"}],
                 "formulas": [{"name": "rate", "op": "ratio", "of": ["total", "missing"]},
                              {"name": "growth", "op": "growth", "of": ["total"], "over": "who"},
                              {"name": "odd", "op": "share", "of": ["total", "total"]}],
                 "having": {"field": "nope", "op": "gt", "value": 1},
                 "sort": [{"by": "colour"}]}""")).containsExactlyInAnyOrder(
                "/parameters/1/defaultValue report-parameter-invalid",
                "/filter/and/0/field field-unknown",
                "/filter/and/1/value report-parameter-type",
                "/filter/and/2/value report-parameter-unknown",
                "/filter/and/3/value value-not-in-picklist",
                "/groupings/0/bucket report-bucket-invalid",
                "/groupings/1/field field-unknown",
                "/groupings/2/field field-not-lookup",
                "/groupings/3/field report-grouping-type",
                "/aggregates/0/field report-aggregate-type",
                "/aggregates/1/field report-aggregate-field-missing",
                "/aggregates/2/name report-name-duplicate",
                "/formulas/0/of/1 report-formula-unknown",
                "/formulas/1/over report-formula-over",
                "/formulas/2/of report-formula-arity",
                "/having/field field-unknown",
                "/sort/0/by report-sort-unknown");
    }

    @Test
    void anUnknownObjectAndSchemaMistakesAreProblemsToo() {
        assertThat(problems("{\"name\": \"bad\", \"object\": \"nothing\"}")).containsExactly("/object object-unknown");
        assertThat(problems("""
                {"name": "bad", "object": "sales_order", "aggregates": [{"name": "n", "function": "median"}],
                 "groupings": [{"name": "g", "field": "Partner.Region"}], "sql": "select 1"}"""))
                .contains("/aggregates/0/function schema-enum", "/sql schema-additional-properties",
                        "/groupings/0/field field-unknown");
    }

    @Test
    void aBadReportIsNotSaved() {
        InvalidException e = catchThrowableOfType(InvalidException.class, () -> CoreContext.metadata().saveDraft(ADMIN,
                APP, "report", "bad", json("""
                        {"name": "bad", "object": "sales_order",
                         "aggregates": [{"name": "total", "function": "sum", "field": "note"}]}"""), null));
        assertThat(e.problems()).extracting(p -> p.path()).containsExactly("/aggregates/0/field");
        assertThat(CoreContext.metadata().list(APP, "report")).isEmpty();
    }
}
