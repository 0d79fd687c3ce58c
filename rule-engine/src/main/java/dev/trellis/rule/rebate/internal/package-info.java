/**
 * How rebates work: the policy kind and its compiler ({@link dev.trellis.rule.rebate.internal.PolicyCompiler}),
 * the joins a policy reads through ({@code SourceJoins}) and the SQL of each question ({@code PolicyPlan}), the
 * tier arithmetic, the calculator that runs the grouped statements, the ledger table, the listener that keeps it
 * up to date on record writes and the service. Only the kind, the listener and the service leave the package.
 */
package dev.trellis.rule.rebate.internal;
