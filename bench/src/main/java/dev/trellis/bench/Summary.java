package dev.trellis.bench;

import java.util.List;
import java.util.Locale;

/** The final table of a bench run, as printed and as written to {@code bench-results.txt}. */
record Summary(BenchSettings settings, String environment, List<Comparison> comparisons, BulkOutcome bulk,
        List<Comparison> permissions, List<ExpressionBench.Outcome> expressions, RebateBench.Outcome rebates) {

    static final double RATIO_TARGET = 1.25;
    static final double ROWS_PER_SECOND_TARGET = 100_000;
    static final double PERMISSION_RATIO_TARGET = 1.3;
    static final double EVALUATIONS_TARGET = 1_000_000;
    static final double EXPRESSION_RATIO_TARGET = 1.2;
    static final double RECOMPUTE_MILLIS_TARGET = 10_000;
    static final double INCREMENTAL_P95_MILLIS_TARGET = 10;

    String format() {
        StringBuilder out = new StringBuilder();
        line(out, "Trellis record service bench");
        line(out, environment);
        line(out, "");
        line(out, "Single records: record service vs hand-written jOOQ on the same table (app_%s.%s, %,d seeded rows),",
                ItemRow.APP, ItemRow.ITEM, SingleRecordBench.SEED_ROWS);
        line(out, "interleaved op by op; median per op over %d rounds x %,d ops per side, after %d warm-up round(s).",
                settings.rounds(), settings.opsPerRound(), settings.warmUpRounds());
        line(out, "The service's insert also writes its audit row, in the same statement.");
        line(out, "%-38s %11s %11s %7s %16s  %s", "operation", "service us", "jOOQ us", "ratio", "ratio per round",
                "target");
        for (Comparison c : comparisons) {
            line(out, "%-38s %11.1f %11.1f %7.2f %16s  %s", c.operation(), c.serviceMicros(), c.handWrittenMicros(),
                    c.ratio(), String.format(Locale.ROOT, "%.2f-%.2f", c.lowestRoundRatio(), c.highestRoundRatio()),
                    verdict(c.ratio() <= RATIO_TARGET, "<= " + RATIO_TARGET));
        }
        line(out, "");
        line(out, "Bulk create of %,d rows of a 10-field object, each side into its own empty table:", bulk.rows());
        line(out, "%-52s %9s %12s  %s", "", "seconds", "rows/s", "target");
        line(out, "%-52s %9.2f", "building the input JsonNode rows (before the timers)", bulk.buildNanos() / 1e9);
        line(out, "%-52s %9.2f %,12.0f  %s", "RecordService.bulkCreate (+ audit of " + String.format(Locale.ROOT, "%,d",
                bulk.auditedRecords()) + ")", bulk.serviceNanos() / 1e9, bulk.serviceRowsPerSecond(),
                verdict(bulk.serviceRowsPerSecond() >= ROWS_PER_SECOND_TARGET,
                        String.format(Locale.ROOT, ">= %,.0f", ROWS_PER_SECOND_TARGET)));
        line(out, "%-52s %9.2f %,12.0f", "PostgreSQL COPY, text format (records only)", bulk.copyNanos() / 1e9,
                bulk.copyRowsPerSecond());
        line(out, "%-52s %22.2f", "bulkCreate rate as a fraction of COPY's", bulk.fractionOfCopy());
        line(out, "bulkCreate validates and converts every value, and audits every record with every field's value");
        line(out, "(trellis_sys.audit_bulk, gzip-compressed chunks), all in one transaction; COPY does none of that.");
        line(out, "");
        line(out, "Record-level access: %,d orders over %,d partners (app_%s.sales_order, private, partner path",
                bulk.rows(), PermissionBench.PARTNERS, PermissionBench.APP);
        line(out, "'partner'); the same kind of page through the record service for a scoped user and for an admin.");
        line(out, "%-48s %11s %11s %7s %16s  %s", "operation", "scoped us", "admin us", "ratio", "ratio per round",
                "target");
        for (int i = 0; i < permissions.size(); i++) {
            Comparison c = permissions.get(i);
            line(out, "%-48s %11.1f %11.1f %7.2f %16s  %s", c.operation(), c.serviceMicros(), c.handWrittenMicros(),
                    c.ratio(), String.format(Locale.ROOT, "%.2f-%.2f", c.lowestRoundRatio(), c.highestRoundRatio()),
                    i == 0 ? verdict(c.ratio() <= PERMISSION_RATIO_TARGET, "<= " + PERMISSION_RATIO_TARGET)
                            : "(no target)");
        }
        expressions(out, expressions);
        rebates(out, rebates);
        return out.toString();
    }

    static void expressions(StringBuilder out, List<ExpressionBench.Outcome> expressions) {
        line(out, "");
        line(out, "Expressions on one thread: the expression service (checked, generated MVEL, blanks resolved per");
        line(out, "evaluation) against raw MVEL compiling the same text, in alternating batches of 200,000; medians.");
        line(out, "%-78s %12s %12s %6s  %s", "expression", "service/s", "raw MVEL/s", "ratio", "targets");
        for (ExpressionBench.Outcome e : expressions) {
            line(out, "%-78s %,12.0f %,12.0f %6.2f  %s, %s", e.expression(), e.sandboxedPerSecond(), e.rawPerSecond(),
                    e.ratio(), verdict(e.sandboxedPerSecond() >= EVALUATIONS_TARGET, ">= 1,000,000/s"),
                    verdict(e.ratio() <= EXPRESSION_RATIO_TARGET, "<= " + EXPRESSION_RATIO_TARGET));
        }
    }

    static void rebates(StringBuilder out, RebateBench.Outcome r) {
        line(out, "");
        line(out, "Rebates: %,d order lines (%,d orders, one quarter) over %,d partners, loaded in %.1f s; a quarterly",
                r.lines(), r.orders(), r.partners(), r.loadSeconds());
        line(out, "line-A policy with 3 tiers, a cap and a first-order bonus per new customer (app_%s).", RebateBench.APP);
        line(out, "%-62s %12s  %s", "", "ms", "target");
        line(out, "%-62s %12.0f  %s", String.format(Locale.ROOT, "full recompute, first (writes %,d + %,d bonus lines)",
                r.ledgerLines(), r.bonusLines()), r.firstRecomputeMillis(),
                verdict(r.firstRecomputeMillis() <= RECOMPUTE_MILLIS_TARGET, "<= 10,000"));
        line(out, "%-62s %12.0f  %s", "full recompute, again (updates them)", r.recomputeMillis(),
                verdict(r.recomputeMillis() <= RECOMPUTE_MILLIS_TARGET, "<= 10,000"));
        line(out, "Single writes through the record service, %d of each kind in turn, each phase after %d warm-up",
                r.writes(), r.warmUp());
        line(out, "writes of each kind and a checkpoint; ms, p50 / p95 (max). End to end: the whole write with its commit.");
        line(out, "The ledger update: what the transaction did just before committing (before the policy: nothing).");
        line(out, "%-44s %-21s %-21s %-21s %s", "", "end to end, no policy", "end to end, ledger", "the ledger update",
                "target");
        for (RebateBench.Timing t : r.timings()) {
            line(out, "%-44s %-21s %-21s %-21s %s", t.kind().label, String.format(Locale.ROOT, "%.2f / %.2f (%.0f)",
                            t.baselineP(50), t.baselineP(95), t.baselineP(100)),
                    String.format(Locale.ROOT, "%.2f / %.2f (%.0f)", t.ledgerP(50), t.ledgerP(95), t.ledgerP(100)),
                    String.format(Locale.ROOT, "%.2f / %.2f (%.0f)", t.updateP(50), t.updateP(95), t.updateP(100)),
                    verdict(t.updateP(95) <= INCREMENTAL_P95_MILLIS_TARGET, "p95 <= 10"));
        }
        line(out, "(before the policy, the same window at commit: p95 %s ms)", r.timings().stream()
                .map(t -> String.format(Locale.ROOT, "%.3f", t.baselineAtCommitP(95))).toList());
        line(out, "open lines after the writes equal a full recompute's: %s", r.consistent() ? "yes" : "NO");
    }

    /** The target, marked when it was missed so a reader sees it without comparing numbers. */
    private static String verdict(boolean met, String target) {
        return met ? target : target + " MISSED";
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
