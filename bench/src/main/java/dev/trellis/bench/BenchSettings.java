package dev.trellis.bench;

/**
 * How much work one bench run does. {@code rows} is the size of the bulk part; the single-record part
 * runs {@code warmUpRounds} discarded rounds, then {@code rounds} measured ones, each with
 * {@code opsPerRound} operations per side.
 */
record BenchSettings(int rows, int rounds, int warmUpRounds, int opsPerRound) {

    static final int DEFAULT_ROWS = 1_000_000;
    static final int DEFAULT_ROUNDS = 10;
    static final int OPS_PER_ROUND = 1_000;

    BenchSettings {
        if (rows < 1 || rounds < 1 || warmUpRounds < 0 || opsPerRound < 1) {
            throw new IllegalArgumentException("rows, rounds and operations per round must be positive");
        }
    }

    /** {@code [rows [rounds]]}; a third of the measured rounds (at least one) is spent warming up first. */
    static BenchSettings fromArgs(String... args) {
        if (args.length > 2) {
            throw new IllegalArgumentException("usage: RecordServiceBench [rows (default " + DEFAULT_ROWS
                    + ")] [measured rounds (default " + DEFAULT_ROUNDS + ")]");
        }
        int rows = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : DEFAULT_ROWS;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_ROUNDS;
        return new BenchSettings(rows, rounds, Math.max(1, rounds / 3), OPS_PER_ROUND);
    }

    /** Operations per side over all rounds, warm-up included: how many distinct inputs to prepare. */
    int totalOps() {
        return (warmUpRounds + rounds) * opsPerRound;
    }
}
