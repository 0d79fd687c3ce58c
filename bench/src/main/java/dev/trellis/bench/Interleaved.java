package dev.trellis.bench;

import java.util.Arrays;

/**
 * Times the record service and the hand-written baseline alternately, one operation each, so whatever
 * else the shared machine does lands on both sides alike. Which side goes first alternates too, so
 * neither always finds the caches the other just warmed.
 */
final class Interleaved {

    /** One operation; {@code index} (0 to {@link BenchSettings#totalOps()}) picks its prepared input. */
    interface Operation {
        void run(int index);
    }

    private final BenchSettings settings;

    Interleaved(BenchSettings settings) {
        this.settings = settings;
    }

    Comparison compare(String operation, Operation service, Operation handWritten) {
        int perRound = settings.opsPerRound();
        int measured = settings.rounds() * perRound;
        long[] serviceNanos = new long[measured];
        long[] handWrittenNanos = new long[measured];
        double lowest = Double.MAX_VALUE;
        double highest = 0;
        int index = 0;
        for (int round = 0; round < settings.warmUpRounds() + settings.rounds(); round++) {
            long[] s = new long[perRound];
            long[] h = new long[perRound];
            for (int i = 0; i < perRound; i++, index++) {
                if (i % 2 == 0) {
                    s[i] = time(service, index);
                    h[i] = time(handWritten, index);
                } else {
                    h[i] = time(handWritten, index);
                    s[i] = time(service, index);
                }
            }
            int measuredRound = round - settings.warmUpRounds();
            if (measuredRound >= 0) {
                System.arraycopy(s, 0, serviceNanos, measuredRound * perRound, perRound);
                System.arraycopy(h, 0, handWrittenNanos, measuredRound * perRound, perRound);
                double ratio = median(s) / median(h);
                lowest = Math.min(lowest, ratio);
                highest = Math.max(highest, ratio);
            }
        }
        return new Comparison(operation, median(serviceNanos) / 1000, median(handWrittenNanos) / 1000, lowest, highest);
    }

    private static long time(Operation operation, int index) {
        long start = System.nanoTime();
        operation.run(index);
        return System.nanoTime() - start;
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }
}
