/**
 * The report engine: the {@code report} and {@code dashboard} metadata kinds, reports compiled to one SQL
 * statement each with the viewer's permission predicates (filters, groupings, date buckets, aggregates,
 * formulas, having, top N), drill-down, dashboards' render models and KPI snapshots.
 */
package dev.trellis.report;
