package dev.trellis.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.storage.ColumnType.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnTypeTest {

    private static ColumnType varchar(int length) {
        return new ColumnType(Kind.VARCHAR, length, 0, 0);
    }

    private static ColumnType numeric(int precision, int scale) {
        return new ColumnType(Kind.NUMERIC, 0, precision, scale);
    }

    private static ColumnType simple(Kind kind) {
        return new ColumnType(kind, 0, 0, 0);
    }

    private static ColumnType of(String field) {
        return ColumnType.of(Json.MAPPER.treeToValue(Json.parse(field), FieldDefinition.class));
    }

    @Test
    void eachFieldTypeHasItsColumn() {
        assertThat(of("{\"name\": \"f\", \"type\": \"text\"}")).isEqualTo(varchar(255));
        assertThat(of("{\"name\": \"f\", \"type\": \"text\", \"maxLength\": 40}")).hasToString("varchar(40)");
        assertThat(of("{\"name\": \"f\", \"type\": \"email\"}")).isEqualTo(varchar(320));
        assertThat(of("{\"name\": \"f\", \"type\": \"phone\"}")).isEqualTo(varchar(40));
        assertThat(of("{\"name\": \"f\", \"type\": \"picklist\", \"values\": [{\"value\": \"a\"}]}")).isEqualTo(varchar(64));
        assertThat(of("{\"name\": \"f\", \"type\": \"long_text\"}")).isEqualTo(simple(Kind.TEXT));
        assertThat(of("{\"name\": \"f\", \"type\": \"master_detail\", \"target\": \"t\"}")).isEqualTo(simple(Kind.BIGINT));
        assertThat(of("{\"name\": \"f\", \"type\": \"decimal\"}")).hasToString("numeric(18,2)");
        assertThat(of("{\"name\": \"f\", \"type\": \"percent\"}")).isEqualTo(numeric(9, 4));
        assertThat(of("{\"name\": \"f\", \"type\": \"multi_picklist\", \"values\": [{\"value\": \"a\"}]}"))
                .hasToString("varchar[]");
        assertThat(of("{\"name\": \"f\", \"type\": \"datetime\"}")).hasToString("timestamptz");
    }

    @Test
    void textFitsALongerOrUnlimitedColumnOnly() {
        assertThat(varchar(50).fitsIn(varchar(50))).isTrue();
        assertThat(varchar(50).fitsIn(varchar(100))).isTrue();
        assertThat(varchar(50).fitsIn(simple(Kind.TEXT))).isTrue();
        assertThat(varchar(100).fitsIn(varchar(10))).isFalse();
        assertThat(simple(Kind.TEXT).fitsIn(varchar(10_485_760))).isFalse();
        assertThat(varchar(20).fitsIn(simple(Kind.BIGINT))).isFalse();
        assertThat(varchar(20).fitsIn(simple(Kind.VARCHAR_ARRAY))).isFalse();
    }

    @Test
    void aDecimalFitsWhenNeitherItsIntegerDigitsNorItsScaleShrink() {
        assertThat(numeric(10, 2).fitsIn(numeric(14, 2))).isTrue();
        assertThat(numeric(10, 2).fitsIn(numeric(12, 4))).isTrue();
        assertThat(numeric(10, 2).fitsIn(numeric(10, 4))).isFalse();
        assertThat(numeric(10, 2).fitsIn(numeric(10, 1))).isFalse();
        assertThat(numeric(10, 2).fitsIn(numeric(9, 2))).isFalse();
        assertThat(numeric(10, 2).fitsIn(simple(Kind.BIGINT))).isFalse();
    }

    @Test
    void aBigintFitsADecimalWithNineteenIntegerDigits() {
        assertThat(simple(Kind.BIGINT).fitsIn(numeric(19, 0))).isTrue();
        assertThat(simple(Kind.BIGINT).fitsIn(numeric(21, 2))).isTrue();
        assertThat(simple(Kind.BIGINT).fitsIn(numeric(18, 0))).isFalse();
        assertThat(simple(Kind.BIGINT).fitsIn(numeric(20, 2))).isFalse();
        assertThat(simple(Kind.BIGINT).fitsIn(varchar(255))).isFalse();
    }

    @Test
    void otherColumnsFitOnlyThemselves() {
        List<Kind> others = List.of(Kind.TEXT, Kind.BOOLEAN, Kind.DATE, Kind.TIMESTAMPTZ, Kind.JSONB, Kind.VARCHAR_ARRAY);
        for (Kind kind : others) {
            for (Kind wider : Kind.values()) {
                ColumnType target = wider == Kind.VARCHAR ? varchar(10_485_760)
                        : wider == Kind.NUMERIC ? numeric(38, 0) : simple(wider);
                assertThat(simple(kind).fitsIn(target)).as(kind + " in " + target).isEqualTo(kind == wider);
            }
        }
    }
}
