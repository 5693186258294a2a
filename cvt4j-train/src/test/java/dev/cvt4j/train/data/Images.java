package dev.cvt4j.train.data;

import dev.cvt4j.image.RgbImage;

/** Small hand-made test images. */
final class Images {
    private Images() {}

    /** An image whose three channels all hold {@code gray[y][x]}. */
    static RgbImage gray(int[][] gray) {
        int h = gray.length;
        int w = gray[0].length;
        byte[] rgb = new byte[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    rgb[(y * w + x) * 3 + c] = (byte) gray[y][x];
                }
            }
        }
        return RgbImage.of(w, h, rgb);
    }

    /** A one-row gray image. */
    static RgbImage row(int... values) {
        return gray(new int[][] {values});
    }

    /** A {@code w x h} image of one colour. */
    static RgbImage solid(int w, int h, int r, int g, int b) {
        byte[] rgb = new byte[3 * w * h];
        for (int i = 0; i < w * h; i++) {
            rgb[3 * i] = (byte) r;
            rgb[3 * i + 1] = (byte) g;
            rgb[3 * i + 2] = (byte) b;
        }
        return RgbImage.of(w, h, rgb);
    }

    /** The red channel of row 0. */
    static int[] firstRow(RgbImage image) {
        int[] v = new int[image.width()];
        for (int x = 0; x < v.length; x++) {
            v[x] = image.sample(x, 0, 0);
        }
        return v;
    }
}
