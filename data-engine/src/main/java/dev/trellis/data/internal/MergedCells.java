package dev.trellis.data.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.util.CellRangeAddress;

/**
 * The merged ranges of a sheet, found by scanning its XML for {@code mergeCell} elements. A merged range holds
 * its value in the top-left cell only, so every other row of it would import with an empty cell: each row of
 * a range is reported instead.
 */
final class MergedCells {

    private static final int MAX_ROWS_MARKED = 1_000_000;
    private static final MergedCells NONE = new MergedCells(Map.of());

    private final Map<Long, List<SourceRow.Issue>> byRow;

    private MergedCells(Map<Long, List<SourceRow.Issue>> byRow) {
        this.byRow = byRow;
    }

    /** Reads a sheet's XML to its end (which also lets POI's zip-bomb guard see the whole sheet). */
    static MergedCells scan(InputStream sheet) throws IOException {
        List<CellRangeAddress> ranges = new ArrayList<>();
        byte[] buffer = new byte[1 << 16];
        String carry = "";
        int n;
        while ((n = sheet.read(buffer)) > 0) {
            // ISO-8859-1 maps bytes to chars one to one: the ASCII markup is found as is
            String chunk = carry + new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
            int at = 0;
            int found;
            while ((found = chunk.indexOf("mergeCell ", at)) >= 0) {
                int end = chunk.indexOf('>', found);
                if (end < 0) {
                    break;
                }
                String element = chunk.substring(found, end);
                int ref = element.indexOf("ref=\"");
                if (ref >= 0) {
                    int close = element.indexOf('"', ref + 5);
                    ranges.add(CellRangeAddress.valueOf(element.substring(ref + 5, close)));
                }
                at = end;
            }
            int keep = Math.max(at, chunk.length() - 256);
            carry = chunk.substring(Math.min(keep, chunk.length()));
        }
        if (ranges.isEmpty()) {
            return NONE;
        }
        Map<Long, List<SourceRow.Issue>> byRow = new HashMap<>();
        int marked = 0;
        for (CellRangeAddress range : ranges) {
            String first = range.formatAsString().split(":")[0];
            String message = "cells " + range.formatAsString() + " are merged: only " + first
                    + " holds the value; unmerge them and fill in every cell";
            for (long row = range.getFirstRow() + 1L; row <= range.getLastRow() + 1L && marked < MAX_ROWS_MARKED; row++) {
                byRow.computeIfAbsent(row, r -> new ArrayList<>())
                        .add(new SourceRow.Issue(range.getFirstColumn(), "cell-merged", message));
                marked++;
            }
        }
        return new MergedCells(byRow);
    }

    /** Adds the merged-cell issues of a row (1-based) to the list. */
    void issues(long row, List<SourceRow.Issue> issues) {
        if (!byRow.isEmpty()) {
            List<SourceRow.Issue> found = byRow.get(row);
            if (found != null) {
                issues.addAll(found);
            }
        }
    }
}
