package dev.cvt4j.train.data;

import java.util.SplittableRandom;

/**
 * Derives independent random streams from a run seed and a position (epoch, sample index, batch
 * index), so that every random decision of the data pipeline is a pure function of the seed and
 * where it happens: neither the thread that runs it nor what ran before changes it, and a resumed
 * run needs no saved generator state, only the seed and the position.
 *
 * <p>Each key is folded in with the SplitMix64 finaliser (Steele, Lea and Flood, <i>Fast
 * splittable pseudorandom number generators</i>, OOPSLA 2014; the mixing function of
 * {@link SplittableRandom}), which spreads every input bit over the whole 64-bit state.
 */
public final class Seeds {
    /** Stream of the per-epoch shuffle. */
    public static final long SHUFFLE = 0x5348_5546L;
    /** Stream of the per-sample augmentation. */
    public static final long AUGMENT = 0x4155_474dL;
    /** Stream of the per-batch Mixup/CutMix draw. */
    public static final long MIX = 0x4d49_5845L;
    /** Stream of the model's initial weights (the engine's generator, seeded before the model is built). */
    public static final long INIT = 0x494e_4954L;
    /** Stream of the model's own randomness in a training step (drop path, dropout), per micro-batch. */
    public static final long DROP = 0x4452_4f50L;

    private static final long GOLDEN_GAMMA = 0x9e37_79b9_7f4a_7c15L;

    private Seeds() {}

    /**
     * Folds keys into a seed.
     *
     * @param seed the run seed
     * @param keys the position, e.g. {@code (AUGMENT, epoch, index)}; order matters
     * @return a 64-bit seed for {@code new SplittableRandom(...)}
     */
    public static long derive(long seed, long... keys) {
        long state = mix(seed);
        for (long key : keys) {
            state = mix(state + GOLDEN_GAMMA + mix(key));
        }
        return state;
    }

    /**
     * A generator for one position.
     *
     * @param seed the run seed
     * @param keys the position
     * @return a new generator seeded with {@link #derive(long, long...)}
     */
    public static SplittableRandom random(long seed, long... keys) {
        return new SplittableRandom(derive(seed, keys));
    }

    /** SplitMix64's {@code mix64}. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58_476d_1ce4_e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d0_49bb_1331_11ebL;
        return z ^ (z >>> 31);
    }
}
