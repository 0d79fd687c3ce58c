/**
 * Rebate and incentive policies (返利与激励) and the rebate ledger they keep.
 *
 * <h2>Policies</h2>
 * A {@link dev.trellis.rule.rebate.RebatePolicyDefinition} is metadata of kind {@code rebate_policy}: JSON Schema,
 * then a check that compiles it against the app's objects (every path a chain of lookups, filters on real fields,
 * tiers ascending, rates 0–100, bonus conditions through the expression service), each problem at its JSON pointer.
 * Compiled, a policy is SQL: its source object joined through the lookups it reads (one derived table per object
 * reached), grouped per partner over a period, so a full recompute is one grouped statement per period (plus one
 * per bonus) and one write of all lines. Tiers, caps and explanations are applied in Java to the grouped rows.
 *
 * <h2>The ledger</h2>
 * One open ({@code accrued}) line per policy, period, component ({@code rebate} or {@code bonus:<name>}), partner
 * and payee; {@code approve} and {@code pay} move it on, any other transition is a 409. Approved and paid lines
 * are frozen: when a later recompute finds the period earns something else, the difference goes on a new open
 * {@code difference} line (negative for a claw-back), never onto the frozen line. Every line carries its policy
 * version, metric, tier, rate, cap and source-record count in {@code explanation}, and
 * {@link dev.trellis.rule.rebate.RebateService#sourceRecords} lists the records.
 *
 * <h2>Incremental updates</h2>
 * A record listener follows each live policy's source object and every object its joins reach, and recomputes,
 * just before the write's transaction commits, only the components, partners, payees and periods the write can
 * have changed — where the record was (from the old values) and where it is. Handled: creates, updates and deletes
 * of source records (new partner, date, scope, amount), bulk creates (placed in one statement), an order moved to
 * another partner or date (every record behind it), a change of a field a bonus condition reads on a record
 * further along (a customer's {@code is_new}), and a change of the partner record itself (its tier leaving a
 * partner scope) — the latter for periods still open only, because a partner's attributes have no history: a
 * closed period is recomputed with today's tier only when recomputed in full on purpose. Concurrent writers of
 * one line serialise on advisory locks; a full recompute locks its period against incremental updates.
 *
 * <h2>Effective dating</h2>
 * Each published version keeps its validity (aligned to period boundaries). A period is computed with the version
 * in force in it: among the published versions covering it, the one that was live when the period closed, or, for
 * a period that closed before any of them was published, the latest. A version whose validity reaches back into a
 * period that closed under an earlier version is refused on save. Incremental updates and recomputes alike pick the
 * version per period, so the first quarter keeps its rules after the policy changes in July.
 *
 * <h2>Simulation</h2>
 * A policy document (new, changed or a saved draft) is checked like a saved one, run against a period in a
 * read-only transaction and compared per partner and in total with the ledger of the policy it would replace.
 *
 * <h2>REST (for the runtime to add)</h2>
 * {@code GET /api/apps/{app}/rebates/ledger?policy&partner&period&status},
 * {@code GET …/rebates/ledger/{id}} and {@code …/ledger/{id}/sources},
 * {@code POST …/rebates/ledger/{id}/approve} and {@code …/pay} (409 on an illegal transition),
 * {@code POST …/rebates/policies/{policy}/recompute?period=2025-03-31},
 * {@code POST …/rebates/simulations} (body: the policy document, {@code period}, {@code compareWith}) and
 * {@code POST …/rebates/policies/{policy}/simulate?period=…} for the saved draft.
 */
package dev.trellis.rule.rebate;
