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

    private static final byte[] MARK = "mergeCell ".getBytes(StandardCharsets.US_ASCII);

    /**
     * Reads a sheet's XML to its end (which also lets POI's zip-bomb guard see the whole sheet), matching bytes
     * against the element name as they pass: no text is made of the sheet but the merge elements themselves.
     */
    static MergedCells scan(InputStream sheet) throws IOException {
        List<CellRangeAddress> ranges = new ArrayList<>();
        byte[] buffer = new byte[1 << 16];
        int matched = 0;
        StringBuilder element = null;
        int n;
        while ((n = sheet.read(buffer)) > 0) {
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (element != null) {
                    if (b == '>') {
                        range(element.toString()).ifPresent(ranges::add);
                        element = null;
                    } else {
                        element.append((char) b);
                    }
                } else if (b == MARK[matched]) {
                    if (++matched == MARK.length) {
                        element = new StringBuilder();
                        matched = 0;
                    }
                } else {
                    matched = b == MARK[0] ? 1 : 0;
                }
            }
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

    /** The range of a {@code mergeCell} element's attributes ({@code ref="A5:A6"/}). */
    private static java.util.Optional<CellRangeAddress> range(String attributes) {
        int ref = attributes.indexOf("ref=\"");
        int close = ref < 0 ? -1 : attributes.indexOf('"', ref + 5);
        try {
            return close < 0 ? java.util.Optional.empty()
                    : java.util.Optional.of(CellRangeAddress.valueOf(attributes.substring(ref + 5, close)));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty(); // the words "mergeCell " in a cell's text, not an element
        }
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
