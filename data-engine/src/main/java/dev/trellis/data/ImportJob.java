package dev.trellis.data;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * An import and its report, kept as a record of its own: who ran it, on which file, in which mode, how far it
 * got and what was wrong. While it runs, {@code rowsRead}, {@code rowsPerSecond} and {@code etaSeconds} move.
 *
 * @param status       {@code queued}, {@code running}, {@code done}, {@code failed} (nothing written: a problem
 *                     in all-or-nothing mode, or a file that cannot be read), {@code cancelled} (nothing written)
 * @param rowsTotal    the number of data rows when the file says so up front (an xlsx sheet's dimension), else null
 * @param rowsWritten  rows created or updated (0 for a dry run, and for a failed or cancelled job)
 * @param rowsRejected rows with at least one problem
 * @param problems     the first problems, by row and column (at most {@link #MAX_PROBLEMS})
 * @param mapping      the mapping the job used
 */
public record ImportJob(long id, String app, String object, ImportMode mode, String status, String fileName,
        String format, long createdBy, String createdByName, OffsetDateTime createdAt, OffsetDateTime finishedAt,
        Long rowsTotal, long rowsRead, long rowsWritten, long rowsUpdated, long rowsRejected, Double rowsPerSecond,
        Long etaSeconds, String message, List<ColumnMapping> mapping, List<ImportProblem> problems,
        boolean hasRejectedRows) {

    public static final int MAX_PROBLEMS = 1000;

    public boolean finished() {
        return !status.equals("queued") && !status.equals("running");
    }
}
