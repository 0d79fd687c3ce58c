package dev.trellis.core.record;

import dev.trellis.core.Actor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads and writes the records of published objects. Every write — from the API, the generated
 * apps, imports, rules or flows — comes through here, so conversion, checks, audit and events happen
 * exactly once. A record is a map of field name to value, with the system fields {@code id},
 * {@code created_at}, {@code created_by}, {@code updated_at}, {@code updated_by}, {@code owner_id}
 * and {@code version}.
 */
public interface RecordService {

    Map<String, Object> create(Actor actor, String app, String object, JsonNode values);

    /** Creates all rows or none: every row's problems are reported under {@code /records/<index>}. */
    BulkResult bulkCreate(Actor actor, String app, String object, List<JsonNode> rows);

    /** A record with the named lookups expanded under {@code _expanded}. */
    Map<String, Object> get(Actor actor, String app, String object, long id, Set<String> expand);

    /**
     * Changes the given fields only. {@code expectedVersion} is the version the caller read; if the
     * record changed since, the update is refused with a conflict and nothing is written. Null where the caller
     * read nothing (a flow setting its record's status): the update is then guarded by the version it reads
     * itself, so a write landing between that read and the update is still refused, never overwritten.
     */
    Map<String, Object> update(Actor actor, String app, String object, long id, Integer expectedVersion,
            JsonNode values);

    /** Deletes a record and, through master-detail fields, its detail records; each is audited. */
    void delete(Actor actor, String app, String object, long id, Integer expectedVersion);

    RecordPage query(Actor actor, String app, String object, RecordQuery query);

    /**
     * Shares one record with one user for reading or changing ({@code access}: read or edit), replacing an
     * earlier share with them. Whoever may change the record may share it; the share is in the operation log.
     */
    void share(Actor actor, String app, String object, long id, long userId, String access);

    /** Takes a manual share back; sharing nothing is not an error. */
    void unshare(Actor actor, String app, String object, long id, long userId);

    /** The manual shares of a record the actor can read. */
    List<RecordShare> shares(Actor actor, String app, String object, long id);

    /** What the actor may do with the object and which of its fields they may not see or set. */
    Permissions permissions(Actor actor, String app, String object);

    /** The audit history of a record (or of one field of it when {@code field} is set), newest first. */
    AuditPage history(Actor actor, String app, String object, long id, String field, int limit, Long before);
}
