package dev.trellis.bench;

/** The timings of the bulk part, in nanoseconds, for {@code rows} rows. */
record BulkOutcome(int rows, long buildNanos, long serviceNanos, long copyNanos, long auditedRecords) {

    double serviceRowsPerSecond() {
        return rows * 1e9 / serviceNanos;
    }

    double copyRowsPerSecond() {
        return rows * 1e9 / copyNanos;
    }

    /** The service's rate as a fraction of COPY's: 1.0 would be as fast as COPY. */
    double fractionOfCopy() {
        return serviceRowsPerSecond() / copyRowsPerSecond();
    }
}
