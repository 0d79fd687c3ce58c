/**
 * Test runs of rules for designers: an expression or a rule evaluated against a sample or stored record,
 * with the value and a trace of what it read; and the reading of sample records that rule examples share.
 */
package dev.trellis.rule.testrun;
