package dev.trellis.bench;

/**
 * The outcome of timing one operation both ways: median microseconds per operation of each side over
 * all measured rounds, and the lowest and highest ratio of the per-round medians, to show the spread.
 */
record Comparison(String operation, double serviceMicros, double handWrittenMicros, double lowestRoundRatio,
        double highestRoundRatio) {

    /** Record service time over hand-written time: 1.0 means no overhead. */
    double ratio() {
        return serviceMicros / handWrittenMicros;
    }
}
