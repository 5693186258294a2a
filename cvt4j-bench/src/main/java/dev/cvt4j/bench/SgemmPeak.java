package dev.cvt4j.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The machine's single-precision matrix-multiply peak as libtorch reaches it through DJL: the best
 * of several {@code n x n x n} products, {@code 2 n^3} floating-point operations each.
 */
final class SgemmPeak {
    private SgemmPeak() {}

    /**
     * @param n matrix side, e.g. 4096
     * @param repeats timed products (after one untimed)
     * @return GFLOP/s of the fastest product
     */
    static double gflops(int n, int repeats) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomNormal(new Shape(n, n), DataType.FLOAT32);
            NDArray b = m.randomNormal(new Shape(n, n), DataType.FLOAT32);
            a.matMul(b).close();
            long best = Long.MAX_VALUE;
            for (int i = 0; i < repeats; i++) {
                long t0 = System.nanoTime();
                a.matMul(b).close();
                best = Math.min(best, System.nanoTime() - t0);
            }
            return 2.0 * n * n * n / best;
        }
    }
}
