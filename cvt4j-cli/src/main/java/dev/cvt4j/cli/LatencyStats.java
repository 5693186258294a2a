package dev.cvt4j.cli;

import java.util.Arrays;

/**
 * Order statistics of repeated timings, in milliseconds: median, p90 and p99 by the nearest-rank
 * rule {@code sorted[(int) (q * (n - 1))]}, as ../shared/perf/torch_bench.py computes them.
 *
 * @param median median, ms
 * @param p90 90th percentile, ms
 * @param p99 99th percentile, ms
 * @param iterations number of timings
 */
record LatencyStats(double median, double p90, double p99, int iterations) {

    static LatencyStats of(double[] millis) {
        double[] s = millis.clone();
        Arrays.sort(s);
        int n = s.length;
        double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        return new LatencyStats(median, s[(int) (0.9 * (n - 1))], s[(int) (0.99 * (n - 1))], n);
    }
}
