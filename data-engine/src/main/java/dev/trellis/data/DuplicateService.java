package dev.trellis.data;

import dev.trellis.core.Actor;
import java.util.List;

/**
 * Finding and merging duplicate records (data governance: cleanse and merge duplicate customers and partners).
 * Candidates are reviewed by a person; a merge re-points every lookup to the duplicate through the record
 * service (each change audited, triggers run), optionally fills the survivor's empty fields from the duplicate,
 * then deletes the duplicate: all in one transaction, logged in the operation log.
 */
public interface DuplicateService {

    /** Likely duplicate pairs among the records the actor can read, best first. */
    List<DuplicateCandidate> find(Actor actor, String app, String object, DuplicateRules rules);

    /** Merges {@code duplicate} into {@code survivor}; needs edit and delete permission on the object. */
    MergeResult merge(Actor actor, String app, String object, long survivor, long duplicate, boolean fillBlanks);
}
