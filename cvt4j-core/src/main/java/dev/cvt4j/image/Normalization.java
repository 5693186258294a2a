package dev.cvt4j.image;

import java.util.Arrays;

/**
 * torchvision's {@code ToTensor()} followed by {@code Normalize(mean, std)}, in float32 as
 * torchvision 0.14 computes them: {@code x = sample / 255f}, then {@code (x - mean[c]) / std[c]}
 * with mean and std rounded to float32 ({@code torch.as_tensor(mean, dtype=float32)}).
 *
 * @param mean per-channel mean (R, G, B) on the 0..1 scale; 3 values
 * @param std per-channel standard deviation (R, G, B) on the 0..1 scale; 3 positive values
 */
public record Normalization(float[] mean, float[] std) {
    /** ImageNet statistics, the official CvT {@code INPUT.MEAN} / {@code INPUT.STD}. */
    public static final Normalization IMAGENET =
            new Normalization(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

    /**
     * Validates and copies the statistics.
     *
     * @param mean per-channel mean (R, G, B), 3 values
     * @param std per-channel standard deviation (R, G, B), 3 positive values
     * @throws IllegalArgumentException if either array does not hold 3 values, or a std is not
     *     positive and finite
     */
    public Normalization {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException(
                    "mean and std need 3 values (R, G, B), got " + mean.length + " and " + std.length);
        }
        for (float s : std) {
            if (!(s > 0) || Float.isInfinite(s)) {
                throw new IllegalArgumentException("std must be positive and finite, got " + s);
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** @return a copy of the per-channel mean (R, G, B) */
    @Override
    public float[] mean() {
        return mean.clone();
    }

    /** @return a copy of the per-channel standard deviation (R, G, B) */
    @Override
    public float[] std() {
        return std.clone();
    }

    /** @return {@code true} for a normalization with the same mean and std values */
    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization other && Arrays.equals(mean, other.mean) && Arrays.equals(std, other.std);
    }

    /** @return a hash of the mean and std values */
    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    /** @return {@code Normalization[mean=[...], std=[...]]} */
    @Override
    public String toString() {
        return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }

    /**
     * Converts an 8-bit HWC image to a normalised float32 CHW tensor.
     *
     * @param image the image, {@code H x W}
     * @return {@code 3 * H * W} values; channel {@code c}, row {@code y}, column {@code x} at
     *     {@code (c * H + y) * W + x}
     */
    public float[] toTensor(RgbImage image) {
        // An 8-bit sample has 256 values: each channel's (v / 255f - mean) / std computed once per value,
        // with the same float operations in the same order, then looked up (the same floats, bit for bit).
        float[] table = new float[3 * 256];
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                table[c * 256 + v] = (v / 255f - mean[c]) / std[c];
            }
        }
        byte[] hwc = image.data();
        int plane = image.width() * image.height();
        float[] chw = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < plane; i++) {
                chw[c * plane + i] = table[c * 256 + (hwc[3 * i + c] & 0xFF)];
            }
        }
        return chw;
    }
}
