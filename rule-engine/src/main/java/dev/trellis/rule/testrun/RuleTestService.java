package dev.trellis.rule.testrun;

import dev.trellis.core.Actor;

/**
 * Evaluates an expression or a rule against a sample or stored record without writing anything, and says
 * what it read: the designers' "test" button. A stored record, and every record its lookups reach, is read
 * with the actor's permissions, so a test run shows no more than the actor may see. A rule is tested as
 * its latest version, draft or published.
 */
public interface RuleTestService {

    /** The value of an expression over a record of {@code object}; a bad expression is refused with its problems. */
    TestRun evaluate(Actor actor, String app, String object, String expression, SampleInput record);

    /**
     * What a rule does with a record: {@code kind} is {@code validation_rule}, {@code trigger} or
     * {@code decision_table}. A rule whose document has problems (other than failing examples) is refused
     * with them.
     */
    TestRun evaluateRule(Actor actor, String app, String kind, String rule, SampleInput record);
}
