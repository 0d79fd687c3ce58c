package dev.trellis.rule.rebate.internal;

import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.rule.rebate.RebatePeriod;
import dev.trellis.rule.rebate.RecomputeResult;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one way lines get into the ledger: compute a policy version's lines for a period (all partners, or
 * some) and write them, under the locks that keep concurrent recomputes of the same lines in order. Runs
 * inside the caller's transaction.
 */
final class RebateLedger {

    private final RebatePolicies policies;
    private final RebateCalculator calculator;
    private final LedgerRepository repository;

    RebateLedger(RebatePolicies policies, RebateCalculator calculator, LedgerRepository repository) {
        this.policies = policies;
        this.calculator = calculator;
        this.repository = repository;
    }

    /** Every partner of the period: one grouped statement (and one per bonus), one write. */
    RecomputeResult recompute(RoundTrips trips, PublishedApp app, String policy, RebatePolicies.InForce inForce) {
        PolicyPlan plan = policies.plan(app, policy, inForce.version());
        RebatePeriod period = inForce.period();
        repository.lockPeriod(app.name(), policy, period);
        RebateCalculator.Outcome outcome = calculator.compute(trips, plan, period, null);
        LedgerRepository.Written written = repository.write(trips, app.name(), policy, plan.version, period,
                outcome.lines(), null);
        return new RecomputeResult(policy, plan.version, period, outcome.sourceRecords(), written.written(),
                written.differences(), written.removed(), repository.total(app.name(), policy, period));
    }

    /** Before the first rebate statement of a transaction that updates the ledger after record writes. */
    void tuneIncremental(RoundTrips trips) {
        repository.tuneIncremental(trips);
    }

    /** Only the lines of some components in the period (component → the lines it covers), after record writes. */
    void recompute(RoundTrips trips, PublishedApp app, String policy, RebatePolicies.InForce inForce,
            Map<String, LineScope> linesByComponent) {
        PolicyPlan plan = policies.plan(app, policy, inForce.version());
        RebatePeriod period = inForce.period();
        Set<Long> partners = new TreeSet<>();
        linesByComponent.values().forEach(scope -> partners.addAll(scope.partners()));
        repository.prepareIncremental(trips, app.name(), policy, period, partners);
        RebateCalculator.Outcome outcome = calculator.compute(trips, plan, period, linesByComponent);
        repository.write(trips, app.name(), policy, plan.version, period, outcome.lines(), linesByComponent);
    }
}
