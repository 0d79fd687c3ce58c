package dev.trellis.bench;

import dev.trellis.core.Actor;
import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.rule.Expression;
import dev.trellis.rule.ExpressionScope;
import dev.trellis.rule.MapRecordContext;
import dev.trellis.rule.internal.DefaultExpressionService;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mvel2.MVEL;

/**
 * The expression service against raw MVEL on the same expressions, on one thread: the sandboxed path
 * (checked once, then the compiled MVEL it generated, with blanks resolved and lookups walked per
 * evaluation) and MVEL compiling the analyst's text itself, evaluated against the record map. Batches
 * alternate between the two sides; the figure is the median rate over the measured rounds.
 */
final class ExpressionBench {

    static final String[] EXPRESSIONS = {
        "amount >= 1000000 ? amount * 0.05 : (amount >= 500000 ? amount * 0.03 : 0)",
        "status == 'submitted' && amount > 1000 && quantity < 50",
        "quantity * 2 + amount / 4",
    };
    private static final int RECORDS = 1_024;
    private static final int BATCH = 200_000;

    record Outcome(String expression, double sandboxedPerSecond, double rawPerSecond) {
        double ratio() {
            return rawPerSecond / sandboxedPerSecond;
        }
    }

    private final int rounds;

    ExpressionBench(int rounds) {
        this.rounds = rounds;
    }

    List<Outcome> run() {
        ObjectDefinition order = Json.MAPPER.treeToValue(Json.parse("""
                {"name": "sales_order", "fields": [{"name": "amount", "type": "currency"},
                  {"name": "quantity", "type": "integer"},
                  {"name": "status", "type": "picklist", "values": [{"value": "draft"}, {"value": "submitted"}]}]}"""),
                ObjectDefinition.class);
        ExpressionScope scope = new ExpressionScope("bench", order, name -> Optional.empty());
        Actor actor = new Actor(1, "bench", java.util.Set.of());
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            Map<String, Object> r = new HashMap<>();
            r.put("amount", BigDecimal.valueOf(i * 1_500L, 2).multiply(BigDecimal.valueOf(1_000)));
            r.put("quantity", BigDecimal.valueOf(i % 100));
            r.put("status", i % 2 == 0 ? "submitted" : "draft");
            records.add(r);
        }
        DefaultExpressionService service = new DefaultExpressionService();
        List<Outcome> outcomes = new ArrayList<>();
        for (String source : EXPRESSIONS) {
            Expression sandboxed = service.compile(scope, source, null);
            Serializable raw = MVEL.compileExpression(source);
            for (Map<String, Object> r : records) { // both sides compute the same values
                Object a = sandboxed.evaluate(MapRecordContext.of(scope, r, actor));
                Object b = MVEL.executeExpression(raw, r);
                boolean same = a instanceof Number x && b instanceof Number y
                        ? new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0 : a.equals(b);
                if (!same) {
                    throw new IllegalStateException(source + ": " + a + " vs raw " + b);
                }
            }
            double[] sandboxedRates = new double[rounds];
            double[] rawRates = new double[rounds];
            for (int round = -1; round < rounds; round++) { // round -1 warms up
                long s = time(() -> {
                    for (int i = 0; i < BATCH; i++) {
                        sandboxed.evaluate(MapRecordContext.of(scope, records.get(i & (RECORDS - 1)), actor));
                    }
                });
                long r = time(() -> {
                    for (int i = 0; i < BATCH; i++) {
                        MVEL.executeExpression(raw, records.get(i & (RECORDS - 1)));
                    }
                });
                if (round >= 0) {
                    sandboxedRates[round] = BATCH * 1e9 / s;
                    rawRates[round] = BATCH * 1e9 / r;
                }
            }
            outcomes.add(new Outcome(source, median(sandboxedRates), median(rawRates)));
        }
        return outcomes;
    }

    private static long time(Runnable batch) {
        long start = System.nanoTime();
        batch.run();
        return System.nanoTime() - start;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
