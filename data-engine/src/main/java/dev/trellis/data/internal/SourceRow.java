package dev.trellis.data.internal;

import java.util.List;

/**
 * One row as a file holds it: its number as the file shows it (1-based), its cells (String, BigDecimal,
 * LocalDateTime for date-formatted numbers, Boolean, or null) and what the reader already found wrong with it.
 */
record SourceRow(long number, Object[] cells, List<Issue> issues) {

    /** A reader's problem with one cell ({@code column} ≥ 0) or the whole row (-1). */
    record Issue(int column, String code, String message) {
    }

    boolean blank() {
        for (Object cell : cells) {
            if (cell != null && !(cell instanceof String s && s.isBlank())) {
                return false;
            }
        }
        return issues.isEmpty();
    }
}
