package dev.trellis.data;

import dev.trellis.core.Actor;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Imports of xlsx and CSV files into any object, through the record service's bulk create (so conversion,
 * required and unique values, lookups the actor may read, validation rules, audit and events are the record
 * service's own). A run is a job: it reads the file in a stream, checks every row, writes in batches in one
 * transaction, reports progress and every problem by row and column, keeps the rejected rows as a
 * downloadable xlsx with a reason column, and can be cancelled (then nothing is written).
 */
public interface ImportService {

    /** Reads the head of a file: format, encoding, delimiter, columns, suggested mapping and sample rows. */
    ImportPreview preview(Actor actor, String app, String object, String fileName, Path file, ImportOptions options);

    /**
     * Checks the request (object, create permission, mapping, readable file) and starts a job; the file is
     * moved into the job's keeping. Bad input is refused before a job exists.
     */
    ImportJob start(Actor actor, String app, String object, String fileName, Path file, ImportOptions options);

    /** A job of the app that the actor started (administrators: any). */
    ImportJob job(Actor actor, String app, long id);

    /** The actor's jobs of the app, newest first (administrators: everyone's). */
    List<ImportJob> jobs(Actor actor, String app, int limit);

    /** Asks a queued or running job to stop; it rolls back and ends {@code cancelled}. */
    ImportJob cancel(Actor actor, String app, long id);

    /** The xlsx of the job's rejected rows with a reason column, once it is finished. */
    Optional<Path> rejectedRows(Actor actor, String app, long id);

    /** Saves a reusable mapping of an object under a name, replacing one of the same name. */
    void saveMapping(Actor actor, String app, String object, String name, List<ColumnMapping> mapping);

    /** A saved mapping. */
    Optional<List<ColumnMapping>> findMapping(String app, String object, String name);

    /** The names of an object's saved mappings. */
    List<String> mappings(String app, String object);
}
