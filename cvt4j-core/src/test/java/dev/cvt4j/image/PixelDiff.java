package dev.cvt4j.image;

/**
 * How far two same-sized 8-bit images are apart.
 *
 * @param identical fraction of samples that are equal
 * @param maxDiff largest absolute sample difference
 */
record PixelDiff(double identical, int maxDiff) {
    static PixelDiff of(RgbImage actual, RgbImage expected) {
        if (actual.width() != expected.width() || actual.height() != expected.height()) {
            throw new AssertionError("size " + actual + " != expected " + expected);
        }
        byte[] a = actual.toByteArray();
        byte[] e = expected.toByteArray();
        int same = 0;
        int max = 0;
        for (int i = 0; i < a.length; i++) {
            int d = Math.abs((a[i] & 0xFF) - (e[i] & 0xFF));
            same += d == 0 ? 1 : 0;
            max = Math.max(max, d);
        }
        return new PixelDiff((double) same / a.length, max);
    }

    @Override
    public String toString() {
        return String.format("%.4f%% identical, max diff %d", 100 * identical, maxDiff);
    }
}
