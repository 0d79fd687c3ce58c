package dev.trellis.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.trellis.core.Problem;
import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.FieldDefinition;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jooq.JSONB;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

class ValueConverterTest {

    private static final String PATH = "/values/amount";

    private final List<Problem> problems = new ArrayList<>();

    private static FieldDefinition field(String json) {
        return Json.MAPPER.treeToValue(Json.parse(json), FieldDefinition.class);
    }

    private static FieldDefinition field(String type, String attributes) {
        return field("{\"name\": \"f\", \"type\": \"" + type + "\"" + (attributes.isEmpty() ? "" : ", " + attributes) + "}");
    }

    private Object convert(FieldDefinition field, String jsonValue) {
        return ValueConverter.toColumn(field, Json.parse(jsonValue), PATH, problems);
    }

    /** The code of the one problem converting the value reports; the value must come back null. */
    private String rejection(FieldDefinition field, String jsonValue) {
        problems.clear();
        Object value = convert(field, jsonValue);
        assertThat(value).as("value of rejected %s", jsonValue).isNull();
        assertThat(problems).as("problems of %s", jsonValue).singleElement()
                .satisfies(p -> assertThat(p.path()).isEqualTo(PATH));
        return problems.get(0).code();
    }

    @Test
    void nullAndMissingAreNoValueAndNoProblem() {
        FieldDefinition text = field("text", "");
        assertThat(convert(text, "null")).isNull();
        assertThat(ValueConverter.toColumn(text, null, PATH, problems)).isNull();
        assertThat(ValueConverter.toColumn(text, MissingNode.getInstance(), PATH, problems)).isNull();
        assertThat(problems).isEmpty();
    }

    @Test
    void textIsAStringOfAtMostMaxLengthCharactersCountingCodePoints() {
        FieldDefinition text = field("text", "\"maxLength\": 5");
        assertThat(convert(text, "\"Acme\"")).isEqualTo("Acme");
        assertThat(convert(text, "\"伙伴华东区\"")).isEqualTo("伙伴华东区");
        assertThat(convert(text, "\"\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\"")).isNotNull();
        assertThat(problems).isEmpty();
        assertThat(rejection(text, "\"Acme Co\"")).isEqualTo("value-too-long");
        assertThat(problems.get(0).args()).containsEntry("maxLength", 5);
        assertThat(rejection(text, "12")).isEqualTo("value-type-mismatch");
        assertThat(rejection(text, "true")).isEqualTo("value-type-mismatch");
        assertThat(rejection(field("text", ""), "\"" + "x".repeat(256) + "\"")).isEqualTo("value-too-long");
    }

    @Test
    void longTextHasNoLimitUnlessOneIsGiven() {
        assertThat(convert(field("long_text", ""), "\"" + "x".repeat(100_000) + "\"")).asString().hasSize(100_000);
        assertThat(problems).isEmpty();
        assertThat(rejection(field("long_text", "\"maxLength\": 3"), "\"four\"")).isEqualTo("value-too-long");
    }

    @Test
    void integerIsAWholeNumberWithinBigint() {
        FieldDefinition integer = field("integer", "");
        assertThat(convert(integer, "42")).isEqualTo(42L);
        assertThat(convert(integer, "-7")).isEqualTo(-7L);
        assertThat(convert(integer, "3.0")).isEqualTo(3L);
        assertThat(convert(integer, "9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(problems).isEmpty();
        assertThat(rejection(integer, "1.5")).isEqualTo("value-type-mismatch");
        assertThat(rejection(integer, "\"42\"")).isEqualTo("value-type-mismatch");
        assertThat(rejection(integer, "9223372036854775808")).isEqualTo("value-out-of-range");
        assertThat(rejection(integer, "1e30")).isEqualTo("value-out-of-range");
        assertThat(convert(field("lookup", "\"target\": \"partner\""), "5")).isEqualTo(5L);
    }

    @Test
    void decimalKeepsItsScaleAndIntegerDigitsWithinPrecision() {
        FieldDefinition decimal = field("decimal", "\"precision\": 5, \"scale\": 2");
        assertThat((BigDecimal) convert(decimal, "123.45")).isEqualByComparingTo("123.45");
        assertThat((BigDecimal) convert(decimal, "-999.99")).isEqualByComparingTo("-999.99");
        assertThat((BigDecimal) convert(decimal, "1.2300")).isEqualByComparingTo("1.23");
        assertThat((BigDecimal) convert(decimal, "100")).isEqualByComparingTo("100");
        assertThat(problems).isEmpty();
        assertThat(rejection(decimal, "1.234")).isEqualTo("value-scale-exceeded");
        assertThat(problems.get(0).args()).containsEntry("scale", 2);
        assertThat(rejection(decimal, "1234.5")).isEqualTo("value-out-of-range");
        assertThat(rejection(decimal, "1000")).isEqualTo("value-out-of-range");
        assertThat(rejection(decimal, "\"1.5\"")).isEqualTo("value-type-mismatch");
    }

    @Test
    void zeroAndFractionsFitADecimalThatIsAllFraction() {
        FieldDefinition fraction = field("decimal", "\"precision\": 4, \"scale\": 4");
        assertThat((BigDecimal) convert(fraction, "0")).isEqualByComparingTo("0");
        assertThat((BigDecimal) convert(fraction, "0.00")).isEqualByComparingTo("0");
        assertThat((BigDecimal) convert(fraction, "0.1234")).isEqualByComparingTo("0.1234");
        assertThat(problems).isEmpty();
        assertThat(rejection(fraction, "1")).isEqualTo("value-out-of-range");
    }

    @Test
    void currencyAndPercentHaveTheirOwnDefaultPrecision() {
        assertThat((BigDecimal) convert(field("currency", ""), "9999999999999999.99")).isNotNull();
        assertThat((BigDecimal) convert(field("percent", ""), "12345.6789")).isNotNull();
        assertThat(problems).isEmpty();
        assertThat(rejection(field("currency", ""), "0.001")).isEqualTo("value-scale-exceeded");
        assertThat(rejection(field("percent", ""), "123456")).isEqualTo("value-out-of-range");
    }

    @Test
    void booleanIsTrueOrFalseOnly() {
        assertThat(convert(field("boolean", ""), "true")).isEqualTo(true);
        assertThat(convert(field("boolean", ""), "false")).isEqualTo(false);
        assertThat(rejection(field("boolean", ""), "\"true\"")).isEqualTo("value-type-mismatch");
        assertThat(rejection(field("boolean", ""), "1")).isEqualTo("value-type-mismatch");
    }

    @Test
    void dateAndDateTimeAreIsoStringsAndADateTimeNeedsItsOffset() {
        assertThat(convert(field("date", ""), "\"2026-03-05\"")).isEqualTo(LocalDate.of(2026, 3, 5));
        assertThat(convert(field("datetime", ""), "\"2026-11-23T09:30:00+08:00\""))
                .isEqualTo(OffsetDateTime.of(2026, 11, 23, 9, 30, 0, 0, ZoneOffset.ofHours(8)));
        assertThat(problems).isEmpty();
        assertThat(rejection(field("date", ""), "\"2026-02-30\"")).isEqualTo("value-invalid-date");
        assertThat(rejection(field("date", ""), "\"05.03.2026\"")).isEqualTo("value-invalid-date");
        assertThat(rejection(field("date", ""), "20260305")).isEqualTo("value-invalid-date");
        assertThat(rejection(field("datetime", ""), "\"2026-11-23T09:30:00\"")).isEqualTo("value-invalid-datetime");
        assertThat(rejection(field("datetime", ""), "\"2026-11-23\"")).isEqualTo("value-invalid-datetime");
    }

    @Test
    void emailUrlAndPhoneMustLookLikeOne() {
        assertThat(convert(field("email", ""), "\"sales@acme.example\"")).isEqualTo("sales@acme.example");
        assertThat(convert(field("url", ""), "\"https://acme.example/partners?id=7\"")).isNotNull();
        assertThat(convert(field("url", ""), "\"http://localhost:8080\"")).isNotNull();
        assertThat(convert(field("phone", ""), "\"+86 21 5555 0100\"")).isNotNull();
        assertThat(convert(field("phone", ""), "\"(030) 123-45.67\"")).isNotNull();
        assertThat(problems).isEmpty();

        for (String email : List.of("\"not-an-email\"", "\"a@b\"", "\"a b@c.de\"", "\"a@@b.de\"")) {
            assertThat(rejection(field("email", ""), email)).as(email).isEqualTo("value-invalid-email");
        }
        for (String url : List.of("\"ftp://acme.example\"", "\"acme.example\"", "\"https://\"", "\"http://a b.c\"")) {
            assertThat(rejection(field("url", ""), url)).as(url).isEqualTo("value-invalid-url");
        }
        for (String phone : List.of("\"call me\"", "\"12\"", "\"---\"", "\"( ) -\"", "\"+49+30\"")) {
            assertThat(rejection(field("phone", ""), phone)).as(phone).isEqualTo("value-invalid-phone");
        }
        assertThat(rejection(field("email", ""), "\"" + "a".repeat(320) + "@x.de\"")).isEqualTo("value-too-long");
        assertThat(rejection(field("email", ""), "7")).isEqualTo("value-type-mismatch");
    }

    @Test
    void picklistTakesOneOfItsValues() {
        FieldDefinition tier = field("picklist", "\"values\": [{\"value\": \"gold\"}, {\"value\": \"silver\"}]");
        assertThat(convert(tier, "\"gold\"")).isEqualTo("gold");
        assertThat(rejection(tier, "\"platinum\"")).isEqualTo("value-not-in-picklist");
        assertThat(problems.get(0).args()).containsEntry("value", "platinum");
        assertThat(rejection(tier, "\"Gold\"")).isEqualTo("value-not-in-picklist");
        assertThat(rejection(tier, "1")).isEqualTo("value-type-mismatch");
    }

    @Test
    void multiPicklistTakesDistinctValuesAndReportsEachBadOneAtItsIndex() {
        FieldDefinition regions = field("multi_picklist",
                "\"values\": [{\"value\": \"east\"}, {\"value\": \"west\"}, {\"value\": \"north\"}]");
        assertThat((String[]) convert(regions, "[\"west\", \"east\"]")).containsExactly("west", "east");
        assertThat((String[]) convert(regions, "[]")).isEmpty();
        assertThat(problems).isEmpty();

        assertThat(convert(regions, "[\"east\", \"south\", \"east\", 3]")).isNull();
        assertThat(problems).extracting(Problem::path, Problem::code).containsExactly(
                tuple(PATH + "/1", "value-not-in-picklist"),
                tuple(PATH + "/2", "value-duplicate"),
                tuple(PATH + "/3", "value-type-mismatch"));
        assertThat(rejection(regions, "\"east\"")).isEqualTo("value-type-mismatch");
    }

    @Test
    void jsonTakesAnyValueAndComesBackAsATree() {
        Object column = convert(field("json", ""), "{\"segment\": \"smb\", \"tags\": [1, 2]}");
        assertThat(column).isInstanceOf(JSONB.class);
        JsonNode back = (JsonNode) ValueConverter.fromColumn(column);
        assertThat(back).isEqualTo(Json.parse("{\"segment\": \"smb\", \"tags\": [1, 2]}"));
        assertThat(ValueConverter.fromColumn(new String[] {"east", "west"})).isEqualTo(List.of("east", "west"));
        assertThat(ValueConverter.fromColumn(7L)).isEqualTo(7L);
    }
}
