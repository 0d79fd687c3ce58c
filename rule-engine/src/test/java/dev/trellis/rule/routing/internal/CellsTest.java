package dev.trellis.rule.routing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.Problem;
import dev.trellis.core.json.Json;
import dev.trellis.rule.ValueType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cells are JSON turned into expressions written by us: values become quoted literals, never spliced text. */
class CellsTest {

    private static String cell(String path, ValueType type, String json) {
        List<Problem> problems = new ArrayList<>();
        String expression = Cells.expression(path, type, Json.parse(json), "/c", problems).orElse(null);
        return expression != null ? expression : problems.stream().map(p -> p.path() + " " + p.code()).toList().toString();
    }

    @Test
    void eachShapeOfCellBecomesAnExpression() {
        assertThat(cell("type", ValueType.TEXT, "\"complaint\"")).isEqualTo("type == 'complaint'");
        assertThat(cell("region", ValueType.TEXT, "[\"east\", \"north\"]")).isEqualTo("(region == 'east' || region == 'north')");
        assertThat(cell("amount", ValueType.NUMBER, "{\">=\": 1000, \"<\": 5e3}")).isEqualTo("amount >= 1000 && amount < 5000");
        assertThat(cell("due", ValueType.DATE, "{\"<\": \"2025-01-31\"}")).isEqualTo("due < date(2025, 1, 31)");
        assertThat(cell("urgent", ValueType.BOOLEAN, "true")).isEqualTo("urgent == true");
        assertThat(cell("tags", ValueType.LIST, "\"vip\"")).isEqualTo("contains(tags, 'vip')");
        assertThat(cell("partner.tier", ValueType.TEXT, "null")).isEqualTo("isBlank(partner.tier)");
    }

    @Test
    void textCannotBreakOutOfItsQuotes() {
        assertThat(cell("name", ValueType.TEXT, "\"x' || true || 'y\"")).isEqualTo("name == 'x\\' || true || \\'y'");
        assertThat(cell("name", ValueType.TEXT, "\"a\\\\b\"")).isEqualTo("name == 'a\\\\b'");
    }

    @Test
    void cellsOfTheWrongShapeAreProblemsAtTheirPath() {
        assertThat(cell("amount", ValueType.NUMBER, "\"lots\"")).isEqualTo("[/c cell-type-mismatch]");
        assertThat(cell("region", ValueType.TEXT, "[\"east\", 3]")).isEqualTo("[/c/1 cell-type-mismatch]");
        assertThat(cell("region", ValueType.TEXT, "[]")).isEqualTo("[/c cell-empty]");
        assertThat(cell("amount", ValueType.NUMBER, "{\"~\": 1}")).isEqualTo("[/c/~0 cell-operator-unknown]");
        assertThat(cell("urgent", ValueType.BOOLEAN, "{\">\": true}")).isEqualTo("[/c/> cell-operator-invalid]");
        assertThat(cell("due", ValueType.DATE, "\"31/01/2025\"")).isEqualTo("[/c cell-type-mismatch]");
        assertThat(cell("at", ValueType.DATETIME, "\"2025-01-31T10:00:00Z\"")).isEqualTo("[/c cell-type-unsupported]");
    }
}
