/**
 * Routing: the {@code decision_table} metadata kind (ordered rows of conditions → an assignee and outputs,
 * first-match or collect, with a default or an explicit no-match) and the {@link
 * dev.trellis.rule.routing.DecisionService} that runs it with a trace of which rows matched and what they read.
 */
package dev.trellis.rule.routing;
