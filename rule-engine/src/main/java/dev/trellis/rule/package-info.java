/**
 * The rule engine: sandboxed MVEL expressions, formulas, validation rules, triggers, routing tables and rebate policies. Empty until the rule-engine issue.
 */
package dev.trellis.rule;
