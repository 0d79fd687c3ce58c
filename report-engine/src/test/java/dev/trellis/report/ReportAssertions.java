package dev.trellis.report;

import static dev.trellis.core.testing.CoreContext.ADMIN;

import dev.trellis.core.testing.CoreContext;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Record;
import tools.jackson.databind.JsonNode;

/** Compares report results with hand-written SQL: values normalised so 12, 12.0 and 12.000 are one number. */
final class ReportAssertions {

    private ReportAssertions() {
    }

    /** Saves a report draft and publishes the app. */
    static void publish(String app, JsonNode report) {
        CoreContext.metadata().saveDraft(ADMIN, app, "report", report.get("name").stringValue(), report, null);
        CoreContext.metadata().publish(ADMIN, app, false, "report");
    }

    /** The rows of a hand-written query, normalised. */
    static List<List<Object>> sql(String sql, Object... binds) {
        List<List<Object>> rows = new ArrayList<>();
        for (Record r : CoreContext.dsl().fetch(sql, binds)) {
            rows.add(normalise(java.util.Arrays.asList(r.intoArray())));
        }
        return rows;
    }

    static List<List<Object>> rows(ReportResult result) {
        return result.rows().stream().map(ReportAssertions::normalise).toList();
    }

    static List<Object> normalise(List<Object> row) {
        List<Object> out = new ArrayList<>();
        for (Object v : row) {
            if (v instanceof Number n) {
                out.add(new BigDecimal(n.toString()).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros());
            } else if (v instanceof java.time.temporal.Temporal || v instanceof java.util.Date) {
                out.add(v.toString());
            } else {
                out.add(v);
            }
        }
        return out;
    }
}
