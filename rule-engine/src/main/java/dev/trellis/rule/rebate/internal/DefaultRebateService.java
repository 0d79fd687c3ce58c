package dev.trellis.rule.rebate.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.ConflictException;
import dev.trellis.core.ForbiddenException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.NotFoundException;
import dev.trellis.core.Problem;
import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.MetadataVersion;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.security.OperationLog;
import dev.trellis.rule.rebate.ComputedLine;
import dev.trellis.rule.rebate.LedgerLine;
import dev.trellis.rule.rebate.LedgerQuery;
import dev.trellis.rule.rebate.LedgerStatus;
import dev.trellis.rule.rebate.RebatePeriod;
import dev.trellis.rule.rebate.RebatePolicyDefinition;
import dev.trellis.rule.rebate.RebateService;
import dev.trellis.rule.rebate.RecomputeResult;
import dev.trellis.rule.rebate.Simulation;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** The rebate service: each method checks the actor, then runs in a transaction of its own (or joins one). */
public final class DefaultRebateService implements RebateService {

    private final Supplier<MetadataService> metadata;
    private final DSLContext dsl;
    private final TransactionTemplate tx;
    private final TransactionTemplate readOnly;
    private final RebatePolicies policies;
    private final RebateLedger ledger;
    private final RebateCalculator calculator;
    private final LedgerRepository repository;
    private final PolicyCompiler compiler;
    private final OperationLog log;

    DefaultRebateService(Supplier<MetadataService> metadata, DSLContext dsl, PlatformTransactionManager transactions,
            RebatePolicies policies, RebateLedger ledger, PolicyCompiler compiler, OperationLog log) {
        this.metadata = metadata;
        this.dsl = dsl;
        this.tx = new TransactionTemplate(transactions);
        this.readOnly = new TransactionTemplate(transactions);
        readOnly.setReadOnly(true);
        this.policies = policies;
        this.ledger = ledger;
        this.calculator = new RebateCalculator();
        this.repository = new LedgerRepository(dsl);
        this.compiler = compiler;
        this.log = log;
    }

    @Override
    public RecomputeResult recompute(Actor actor, String app, String policy, LocalDate day) {
        requireManager(actor);
        PublishedApp published = metadata.get().published(app);
        RebatePolicies.InForce inForce = policies.inForce(published, policy, day).orElseThrow(() ->
                InvalidException.of("rebate-policy-not-in-force", "/day", "no published version of rebate policy '"
                        + policy + "' is in force on " + day));
        return tx.execute(status -> {
            RecomputeResult result = ledger.recompute(new RoundTrips(dsl), published, policy, inForce);
            log.record(actor, "rebate.recompute", app + "/" + policy + "/" + result.period(), Map.of(
                    "version", result.policyVersion(), "written", result.written(), "removed", result.removed()));
            return result;
        });
    }

    @Override
    public List<LedgerLine> ledger(Actor actor, String app, LedgerQuery query) {
        if (query.limit() < 1 || query.limit() > LedgerQuery.MAX_LIMIT) {
            throw InvalidException.of("query-limit-invalid", "/limit", "limit is a whole number from 1 to "
                    + LedgerQuery.MAX_LIMIT);
        }
        return repository.find(app, query, visible(actor, app));
    }

    @Override
    public LedgerLine line(Actor actor, String app, long id) {
        return repository.find(app, id).filter(line -> canSee(actor, app, line))
                .orElseThrow(() -> notFound(app, id));
    }

    @Override
    public List<Long> sourceRecords(Actor actor, String app, long lineId, int limit) {
        LedgerLine line = line(actor, app, lineId);
        if (!line.component().equals(LedgerLine.REBATE)) {
            List<Long> ids = new ArrayList<>();
            line.explanation().path("sources").path("ids").forEach(id -> ids.add(id.longValue()));
            return ids.stream().limit(limit).toList();
        }
        PublishedApp published = metadata.get().published(app);
        RebatePolicies.Version version = policies.versions(published, line.policy()).stream()
                .filter(v -> v.number() == line.policyVersion()).findFirst()
                .orElseThrow(() -> new NotFoundException("rebate-policy-version-not-found", "version "
                        + line.policyVersion() + " of rebate policy '" + line.policy() + "' was never published"));
        PolicyPlan plan = policies.plan(published, line.policy(), version);
        return readOnly.execute(status -> dsl.fetch(plan.sourceIds(line.period(),
                line.partnerId(), limit)).map(r -> r.get(0, Long.class)));
    }

    @Override
    public LedgerLine approve(Actor actor, String app, long lineId) {
        return transition(actor, app, lineId, LedgerStatus.ACCRUED, LedgerStatus.APPROVED, "rebate.approve");
    }

    @Override
    public LedgerLine pay(Actor actor, String app, long lineId) {
        return transition(actor, app, lineId, LedgerStatus.APPROVED, LedgerStatus.PAID, "rebate.pay");
    }

    private LedgerLine transition(Actor actor, String app, long lineId, LedgerStatus from, LedgerStatus to,
            String action) {
        requireManager(actor);
        return tx.execute(status -> {
            LedgerLine line = repository.transition(app, lineId, from, to, actor.username()).orElseThrow(() -> {
                LedgerLine current = repository.find(app, lineId).orElseThrow(() -> notFound(app, lineId));
                return new ConflictException("rebate-line-status-conflict", "ledger line " + lineId + " is "
                        + current.status().jsonName() + "; only an " + from.jsonName() + " line can become "
                        + to.jsonName());
            });
            log.record(actor, action, app + "/" + line.policy() + "/" + lineId, Map.of("amount", line.amount(),
                    "partner", line.partnerId(), "period", line.period().toString()));
            return line;
        });
    }

    @Override
    public Simulation simulate(Actor actor, String app, JsonNode document, LocalDate day, String compareWith) {
        requireManager(actor);
        String name = document.path("name").isString() ? document.path("name").stringValue() : "simulation";
        // a simulation may try a version on a period that has closed; every other problem stands
        List<Problem> problems = new ArrayList<>(metadata.get().validate(app, RebatePolicyKind.NAME, name, document).stream()
                .filter(p -> !p.code().equals("validity-overlaps-closed-period")).toList());
        if (!problems.isEmpty()) {
            throw new InvalidException(problems);
        }
        RebatePolicyDefinition policy = Json.MAPPER.treeToValue(document, RebatePolicyDefinition.class);
        PublishedApp published = metadata.get().published(app);
        PolicyPlan plan = compiler.compile(app, published::findObject, policy, 0, problems);
        if (plan == null) {
            throw new InvalidException("the policy does not fit the published objects", problems);
        }
        RebatePeriod period = policy.period().periodOf(day);
        String against = compareWith == null ? policy.name() : compareWith;
        return readOnly.execute(status -> compare(app, plan, period, against));
    }

    @Override
    public Simulation simulateDraft(Actor actor, String app, String policy, LocalDate day) {
        MetadataVersion latest = metadata.get().getLatest(app, RebatePolicyKind.NAME, policy);
        if (latest.deleted()) {
            throw InvalidException.of("rebate-policy-deleted", "", "the latest version of rebate policy '" + policy
                    + "' deletes it");
        }
        return simulate(actor, app, latest.body(), day, policy);
    }

    private Simulation compare(String app, PolicyPlan plan, RebatePeriod period, String against) {
        RebateCalculator.Outcome outcome = calculator.compute(new RoundTrips(dsl), plan, period, null);
        Map<Long, List<ComputedLine>> simulated = new TreeMap<>();
        for (ComputedLine line : outcome.lines()) {
            simulated.computeIfAbsent(line.partnerId(), p -> new ArrayList<>()).add(line);
        }
        Map<Long, BigDecimal> accrued = new TreeMap<>();
        for (Record r : repository.sums(app, against, period)) {
            accrued.merge(r.get(LedgerRepository.PARTNER_ID), r.get("amount", BigDecimal.class), BigDecimal::add);
        }
        TreeMap<Long, Boolean> partners = new TreeMap<>();
        simulated.keySet().forEach(p -> partners.put(p, true));
        accrued.keySet().forEach(p -> partners.put(p, true));
        List<Simulation.PartnerComparison> comparisons = new ArrayList<>();
        BigDecimal simulatedTotal = BigDecimal.ZERO.setScale(2);
        BigDecimal accruedTotal = BigDecimal.ZERO.setScale(2);
        for (Long partner : partners.keySet()) {
            List<ComputedLine> lines = simulated.getOrDefault(partner, List.of());
            BigDecimal sim = lines.stream().map(ComputedLine::total).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
            BigDecimal acc = accrued.getOrDefault(partner, BigDecimal.ZERO.setScale(2));
            comparisons.add(new Simulation.PartnerComparison(partner, sim, acc, sim.subtract(acc), lines));
            simulatedTotal = simulatedTotal.add(sim);
            accruedTotal = accruedTotal.add(acc);
        }
        return new Simulation(plan.policy.name(), against, period, outcome.sourceRecords(), comparisons, simulatedTotal,
                accruedTotal, simulatedTotal.subtract(accruedTotal));
    }

    private static void requireManager(Actor actor) {
        if (!actor.isAdmin() && (actor.isPartner() || !actor.roles().contains(MANAGER_ROLE))) {
            throw new ForbiddenException("rebate-manage-forbidden", "managing rebates takes the " + MANAGER_ROLE
                    + " role");
        }
    }

    private static boolean isManager(Actor actor) {
        return actor.isAdmin() || !actor.isPartner() && actor.roles().contains(MANAGER_ROLE);
    }

    /** Managers see every line; a partner user their partner's own lines; anyone else the bonuses paid to them. */
    private static Condition visible(Actor actor, String app) {
        if (isManager(actor)) {
            return DSL.noCondition();
        }
        if (actor.isPartner()) {
            return actor.partner().app().equals(app)
                    ? LedgerRepository.PARTNER_ID.eq(actor.partner().id()).and(LedgerRepository.PAYEE_KIND.eq("partner"))
                    : DSL.falseCondition();
        }
        return LedgerRepository.PAYEE_KIND.eq("user").and(LedgerRepository.PAYEE_ID.eq(actor.userId()));
    }

    private static boolean canSee(Actor actor, String app, LedgerLine line) {
        if (isManager(actor)) {
            return true;
        }
        if (actor.isPartner()) {
            return actor.partner().app().equals(app) && line.partnerId() == actor.partner().id()
                    && line.payeeKind().equals("partner");
        }
        return line.payeeKind().equals("user") && line.payeeId() == actor.userId();
    }

    private static NotFoundException notFound(String app, long id) {
        return new NotFoundException("rebate-line-not-found", "app '" + app + "' has no ledger line " + id);
    }
}
