package dev.trellis.core.metadata.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.trellis.core.Problem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentifiersTest {

    private static List<Problem> check(String name) {
        List<Problem> problems = new ArrayList<>();
        Identifiers.check(name, "/name", problems);
        return problems;
    }

    private static List<Problem> checkField(String name) {
        List<Problem> problems = new ArrayList<>();
        Identifiers.checkField(name, "/fields/0/name", problems);
        return problems;
    }

    @Test
    void lowerCaseAsciiNamesOfUpTo63CharactersAreValid() {
        for (String name : List.of("partner", "a", "sales_order_2", "a_b_c", "x".repeat(63))) {
            assertThat(check(name)).as(name).isEmpty();
            assertThat(Identifiers.isValid(name)).as(name).isTrue();
        }
    }

    @Test
    void anythingElseIsInvalidAndNamedInTheProblem() {
        for (String name : List.of("", "Name", "NAME", "1st", "_hidden", "drop table x", "a-b", "a.b", "p\u0430rtner",
                "caf\u00e9", "x".repeat(64), "name;", "a__b")) {
            assertThat(check(name)).as(name).singleElement().satisfies(p -> {
                assertThat(p.code()).isEqualTo("name-invalid");
                assertThat(p.path()).isEqualTo("/name");
                assertThat(p.args()).containsEntry("name", name);
            });
            assertThat(Identifiers.isValid(name)).as(name).isFalse();
        }
    }

    @Test
    void wordsSqlOrTheExpressionLanguageReserveAreRefused() {
        for (String name : List.of("select", "user", "order", "table", "xmin", "ctid", "new", "class", "empty")) {
            assertThat(check(name)).as(name).extracting(Problem::code).containsExactly("name-reserved");
            assertThat(Identifiers.isValid(name)).as(name).isFalse();
        }
    }

    @Test
    void aFieldCannotTakeTheNameOfASystemColumn() {
        for (String name : List.of("id", "created_at", "created_by", "updated_at", "updated_by", "owner_id", "version")) {
            assertThat(checkField(name)).as(name).extracting(Problem::code, Problem::path)
                    .containsExactly(tuple("name-reserved", "/fields/0/name"));
        }
        assertThat(check("id")).isEmpty();
        assertThat(checkField("name")).isEmpty();
    }

    @Test
    void aMissingNameIsLeftToTheSchema() {
        assertThat(check(null)).isEmpty();
        assertThat(Identifiers.isValid(null)).isFalse();
    }
}
