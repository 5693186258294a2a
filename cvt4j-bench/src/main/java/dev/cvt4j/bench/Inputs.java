package dev.cvt4j.bench;

import java.util.Random;

/** Seeded standard-normal inputs of shape {@code (B, 3, 224, 224)}, identical for every engine. */
final class Inputs {
    /** Values per image: 3 x 224 x 224. */
    static final int PER_IMAGE = 3 * 224 * 224;

    private Inputs() {}

    /**
     * @param batch images
     * @return {@code batch * PER_IMAGE} values, row-major, seeded by the batch size
     */
    static float[] normal(int batch) {
        Random random = new Random(batch);
        float[] x = new float[batch * PER_IMAGE];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }
}
