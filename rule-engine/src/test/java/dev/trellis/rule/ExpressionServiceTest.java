package dev.trellis.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.Actor;
import dev.trellis.core.InvalidException;
import dev.trellis.core.Problem;
import dev.trellis.rule.internal.DefaultExpressionService;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExpressionServiceTest {

    private static final ExpressionService SERVICE = new DefaultExpressionService();
    private static final Actor REP = new Actor(7, "li.rep", Set.of("sales_rep"), 3L, null);

    private static final Map<String, Map<String, Object>> RELATED = Map.of(
            "partner/1", Map.of("id", 1L, "name", "Acme", "tier", 10L, "region", "east", "credit_limit", new BigDecimal("500000.00")),
            "tier/10", Map.of("id", 10L, "code", "gold", "rate", new BigDecimal("5.0000")));

    private static Object eval(String source, Map<String, Object> values) {
        return eval(source, values, null);
    }

    private static Object eval(String source, Map<String, Object> values, Map<String, Object> prior) {
        Expression e = SERVICE.compile(Scopes.ORDERS, source, null);
        return e.evaluate(new MapRecordContext(Scopes.ORDERS, values, prior, REP,
                (object, id) -> RELATED.get(object + "/" + id)));
    }

    private static Map<String, Object> order() {
        Map<String, Object> order = new HashMap<>();
        order.put("id", 5L);
        order.put("partner", 1L);
        order.put("amount", new BigDecimal("1200000.00"));
        order.put("quantity", 12L);
        order.put("status", "submitted");
        order.put("order_date", LocalDate.of(2026, 5, 20));
        order.put("tags", List.of("a"));
        return order;
    }

    private static List<String> problems(String source) {
        return SERVICE.check(Scopes.ORDERS, source, null, "/condition").stream()
                .map(p -> p.code() + " @" + p.args().get("line") + ":" + p.args().get("column")).toList();
    }

    @Test
    void computesMoneyInDecimalsWithTiersAndLookups() {
        assertThat(eval("amount >= 1000000 ? amount * 0.05 : (amount >= 500000 ? amount * 0.03 : 0)", order()))
                .isEqualTo(new BigDecimal("60000.0000"));
        assertThat((BigDecimal) eval("0.1 + 0.2", order())).isEqualByComparingTo("0.3");
        assertThat((BigDecimal) eval("amount / 3", order())).isEqualByComparingTo("400000");
        assertThat(eval("partner.tier.code", order())).isEqualTo("gold");
        assertThat(eval("partner.tier.code == 'gold' && partner.region == 'east'", order())).isEqualTo(true);
        assertThat((BigDecimal) eval("round(amount * partner.tier.rate / 100, 2)", order())).isEqualByComparingTo("60000.00");
        assertThat(eval("amount > partner.credit_limit", order())).isEqualTo(true);
        assertThat(eval("quantity * 2", order())).isEqualTo(new BigDecimal("24"));
    }

    @Test
    void blanksCountAsZeroEmptyOrFalseAndIsBlankTellsThemApart() {
        Map<String, Object> blank = new HashMap<>(Map.of("id", 6L));
        assertThat(eval("amount + 1", blank)).isEqualTo(new BigDecimal("1"));
        assertThat(eval("note + '!'", blank)).isEqualTo("!");
        assertThat(eval("urgent", blank)).isEqualTo(false);
        assertThat(eval("isBlank(amount)", blank)).isEqualTo(true);
        assertThat(eval("isBlank(amount)", order())).isEqualTo(false);
        assertThat((BigDecimal) eval("blankValue(discount, 5)", blank)).isEqualByComparingTo("5");
        // a lookup that leads nowhere is blank all the way
        assertThat(eval("partner.tier.code", blank)).isEqualTo("");
        assertThat(eval("isBlank(partner.tier.code)", blank)).isEqualTo(true);
        assertThat(eval("size(tags)", blank)).isEqualTo(BigDecimal.ZERO);
    }

    @Test
    void priorValuesChangesTheUserAndFunctions() {
        Map<String, Object> before = order();
        before.put("status", "draft");
        assertThat(eval("isChanged('status') && prior.status == 'draft'", order(), before)).isEqualTo(true);
        assertThat(eval("isChanged('amount')", order(), before)).isEqualTo(false);
        assertThat(eval("user.id == owner_id || contains(user.roles, 'sales_rep')", order())).isEqualTo(true);
        assertThat(eval("user.username + '@' + text(user.department)", order())).isEqualTo("li.rep@3");
        assertThat(eval("quarter(order_date)", order())).isEqualTo(BigDecimal.valueOf(2));
        assertThat(eval("startOfQuarter(order_date)", order())).isEqualTo(LocalDate.of(2026, 4, 1));
        assertThat(eval("addMonths(order_date, 1) > date(2026, 6, 1)", order())).isEqualTo(true);
        assertThat(eval("daysBetween(order_date, date(2026, 6, 1))", order())).isEqualTo(BigDecimal.valueOf(12));
        assertThat(eval("contains(tags, 'a') && !contains(tags, 'b')", order())).isEqualTo(true);
        assertThat(eval("contains(['draft', 'submitted'], status)", order())).isEqualTo(true);
        assertThat(eval("upper(left(partner.name, 2)) + lower(right('XYZ', 1))", order())).isEqualTo("ACz");
        assertThat(eval("text(amount)", order())).isEqualTo("1200000.00");
        assertThat(eval("number('12.5') * 2", order())).isEqualTo(new BigDecimal("25.0"));
    }

    @Test
    void typesAndFieldsAreCheckedBeforeAnythingRuns() {
        assertThat(problems("amount + 'x'")).containsExactly("expression-type-mismatch @1:8");
        assertThat(problems("amount > 5 &&\n  colour == 'red'")).containsExactly("expression-field-unknown @2:3");
        assertThat(problems("status.code")).containsExactly("expression-field-not-lookup @1:1");
        assertThat(problems("partner.profile")).containsExactly("expression-field-unsupported @1:1");
        assertThat(problems("order_date + 1")).containsExactly("expression-type-mismatch @1:12");
        assertThat(problems("amount > 1 ? 'big' : 0")).containsExactly("expression-type-mismatch @1:12");
        assertThat(problems("round(amount)")).containsExactly("expression-arguments @1:1");
        assertThat(problems("sum(amount)")).containsExactly("expression-function-unknown @1:1");
        assertThat(problems("isChanged('nothing')")).containsExactly("expression-field-unknown @1:11");
        assertThat(problems("amount > 1 && (quantity < 'a' || nope)")).hasSize(2);
        assertThat(problems("amount >")).containsExactly("expression-syntax @1:9");
        assertThat(problems("(amount > 1")).containsExactly("expression-syntax @1:12");
        assertThat(problems("'unclosed")).containsExactly("expression-string-unclosed @1:1");
        assertThat(SERVICE.check(Scopes.ORDERS, "amount", ValueType.BOOLEAN, "/condition"))
                .extracting(Problem::code, Problem::path).containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "expression-type-mismatch", "/condition"));
        assertThat(problems("x".repeat(ExpressionService.MAX_LENGTH + 1))).containsExactly("expression-too-long @1:4001");
        assertThat(problems("(".repeat(200) + "1" + ")".repeat(200))).containsExactly("expression-too-deep @1:65");
        assertThat(problems("1" + "+1".repeat(1_100))).singleElement().asString().startsWith("expression-too-large");
    }

    @Test
    void dataThatCannotBeComputedIsAClearError() {
        Map<String, Object> zero = new HashMap<>(Map.of("quantity", 0L, "amount", BigDecimal.TEN));
        assertThatThrownBy(() -> eval("amount / quantity", zero)).isInstanceOf(EvaluationException.class)
                .isInstanceOf(InvalidException.class).hasMessageContaining("Division");
        assertThatThrownBy(() -> eval("number(note)", Map.of("note", "abc")))
                .isInstanceOf(EvaluationException.class).hasMessageContaining("'abc' is not a number");
        assertThatThrownBy(() -> eval("date(2026, 13, 1)", Map.of())).isInstanceOf(EvaluationException.class);
    }

    @Test
    void theLibraryListsItsFunctions() {
        assertThat(SERVICE.functions()).anyMatch(f -> f.startsWith("round(number, number) → number"))
                .anyMatch(f -> f.startsWith("blankValue(any, any) → the value's type"));
    }
}
