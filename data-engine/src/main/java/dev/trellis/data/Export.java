package dev.trellis.data;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An export that passed its checks (object and export permission, fields the viewer may see, the query,
 * the xlsx row limit) and is ready to stream: the caller can still answer with an error before the first
 * byte, and sends the file with {@link #writeTo}.
 */
public interface Export {

    /** {@code partner-20261123-101500.xlsx} */
    String fileName();

    TabularFormat format();

    /** How many records the query matched when the export was prepared. */
    long total();

    /** Streams every page of the query through the table writer; logs the export in the operation log. */
    long writeTo(OutputStream out) throws IOException;
}
