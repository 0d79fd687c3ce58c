package dev.trellis.rule.routing;

import dev.trellis.core.Actor;
import java.util.Map;

/**
 * Runs the published decision tables of an app. The record's lookups are followed as the platform (routing
 * does not depend on who asks); {@code user} in expressions is the actor.
 */
public interface DecisionService {

    /**
     * Decides for a stored record the actor can read.
     *
     * @throws dev.trellis.core.NotFoundException when there is no such table in force, or no such record
     */
    Decision decide(Actor actor, String app, String table, long recordId);

    /** Decides for record values as the record service returns them (field → value), e.g. before a save. */
    Decision decide(Actor actor, String app, String table, Map<String, Object> record);
}
