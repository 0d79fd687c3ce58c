package dev.trellis.bench;

import dev.trellis.core.testing.CoreContext;
import dev.trellis.core.testing.TestDatabase;
import dev.trellis.rule.RuleEngineConfiguration;
import dev.trellis.rule.rebate.RebateService;
import org.springframework.transaction.support.TransactionTemplate;
import java.util.List;
import javax.sql.DataSource;

/**
 * The rule engine's part of the record-service bench on its own ({@code ./trellis bench rules [rows] [rounds]}):
 * the expression service against raw MVEL, then rebates — full recomputes and single writes with the ledger
 * updated — over {@code rows} order lines (default 1,000,000). Writes {@code bench/target/rules-bench-results.txt}.
 */
public final class RuleBench {

    private RuleBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.fromArgs(args);
        RecordServiceBench.progress("starting the embedded PostgreSQL and the engine");
        CoreContext.extend(RuleEngineConfiguration.class);
        DataSource dataSource = TestDatabase.dataSource();
        try {
            double loadBefore = RecordServiceBench.loadAverage();
            RecordServiceBench.progress("expressions: the expression service against raw MVEL, %d rounds", settings.rounds());
            List<ExpressionBench.Outcome> expressions = new ExpressionBench(settings.rounds()).run();
            int writes = RebateBench.writesFor(settings.rows());
            RecordServiceBench.progress("rebates: %,d order lines over %,d partners, two full recomputes, %d single writes"
                    + " of each kind each side", settings.rows(), RebateBench.partnersFor(settings.rows()), writes);
            RebateBench.Outcome rebates = new RebateBench(CoreContext.metadata(), CoreContext.records(),
                    CoreContext.get().getBean(RebateService.class), CoreContext.dsl(),
                    CoreContext.get().getBean(TransactionTemplate.class), CoreContext.ADMIN, writes)
                    .run(settings.rows());
            StringBuilder out = new StringBuilder("Trellis rule bench\n")
                    .append(RecordServiceBench.environment(CoreContext.dsl(), loadBefore)).append('\n');
            Summary.expressions(out, expressions);
            Summary.rebates(out, rebates);
            RecordServiceBench.report(out.toString(), RecordServiceBench.resultsFile("rules-bench-results.txt"));
        } finally {
            RecordServiceBench.stopDatabase(dataSource);
        }
    }
}
