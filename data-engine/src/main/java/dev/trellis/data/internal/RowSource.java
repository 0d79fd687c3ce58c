package dev.trellis.data.internal;

import java.io.Closeable;
import java.io.IOException;

/** A file's rows, read in one stream from the first (the header, when there is one) to the last. */
interface RowSource extends Closeable {

    /** Receives rows in order; returns false to stop reading. */
    interface Sink {
        boolean row(SourceRow row);
    }

    String format();

    /** How the text was decoded and split (CSV), or null. */
    default String encoding() {
        return null;
    }

    default Character delimiter() {
        return null;
    }

    /** The sheets of a workbook, and the one read. */
    default java.util.List<String> sheets() {
        return java.util.List.of();
    }

    default String sheet() {
        return null;
    }

    /** The last row number when the file says so before it is read, else null. */
    Long lastRow();

    /** Bytes consumed so far and in all, for progress of a file that does not know its rows; null if unknown. */
    default double fractionRead() {
        return -1;
    }

    void read(Sink sink) throws IOException;

    @Override
    default void close() throws IOException {
    }
}
