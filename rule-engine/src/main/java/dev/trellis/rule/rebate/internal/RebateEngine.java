package dev.trellis.rule.rebate.internal;

import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.security.OperationLog;
import dev.trellis.rule.ExpressionService;
import dev.trellis.rule.rebate.RebateService;
import java.time.Clock;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The parts of the rebate engine, made once and shared: the policy kind, the ledger listener and the
 * service are handed to Spring by the rule engine's configuration, everything else stays package-private.
 * The metadata service is reached lazily, since it is itself built with the policy kind.
 */
public final class RebateEngine {

    private final Supplier<MetadataService> metadata;
    private final DSLContext dsl;
    private final PlatformTransactionManager transactions;
    private final OperationLog log;
    private final Clock clock;
    private final PolicyCompiler compiler;
    private final RebatePolicies policies;
    private final RebateLedger ledger;

    public RebateEngine(Supplier<MetadataService> metadata, DSLContext dsl, PlatformTransactionManager transactions,
            ExpressionService expressions, OperationLog log, Clock clock) {
        this.metadata = metadata;
        this.dsl = dsl;
        this.transactions = transactions;
        this.log = log;
        this.clock = clock;
        this.compiler = new PolicyCompiler(expressions);
        this.policies = new RebatePolicies(metadata, compiler);
        this.ledger = new RebateLedger(policies, new RebateCalculator(), new LedgerRepository(dsl));
    }

    public RebatePolicyKind kind() {
        return new RebatePolicyKind(compiler, metadata, clock);
    }

    public RebateListener listener() {
        return new RebateListener(metadata, dsl, policies, ledger, clock);
    }

    public RebateService service() {
        return new DefaultRebateService(metadata, dsl, transactions, policies, ledger, compiler, log);
    }
}
