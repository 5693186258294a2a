package dev.cvt4j.train.data;

import dev.cvt4j.image.RgbImage;

/**
 * torchvision 0.14's {@code adjust_hue} on a PIL image: {@code img.convert("HSV")}, the 8-bit hue
 * channel shifted by {@code uint8(hue_factor * 255)} with wrap-around, then {@code convert("RGB")}.
 * The conversions follow Pillow 9.4's {@code rgb2hsv_row} and {@code hsv2rgb} ({@code Convert.c}),
 * including their mix of float32 and double arithmetic.
 */
final class PilHue {
    private PilHue() {}

    /**
     * @param image the image
     * @param hueFactor the shift in turns, {@code [-0.5, 0.5]}
     * @return the hue-shifted image
     */
    static RgbImage adjust(RgbImage image, double hueFactor) {
        int shift = (int) (hueFactor * 255) & 0xFF;
        byte[] p = image.toByteArray();
        int[] hsv = new int[3];
        for (int i = 0; i < p.length; i += 3) {
            toHsv(p[i] & 0xFF, p[i + 1] & 0xFF, p[i + 2] & 0xFF, hsv);
            toRgb((hsv[0] + shift) & 0xFF, hsv[1], hsv[2], p, i);
        }
        return RgbImage.of(image.width(), image.height(), p);
    }

    private static void toHsv(int r, int g, int b, int[] out) {
        int maxc = Math.max(r, Math.max(g, b));
        int minc = Math.min(r, Math.min(g, b));
        out[2] = maxc;
        if (minc == maxc) {
            out[0] = 0;
            out[1] = 0;
            return;
        }
        float cr = maxc - minc;
        float s = cr / (float) maxc;
        float rc = (maxc - r) / cr;
        float gc = (maxc - g) / cr;
        float bc = (maxc - b) / cr;
        float h;
        if (r == maxc) {
            h = bc - gc;
        } else if (g == maxc) {
            h = (float) (2.0 + rc - bc);
        } else {
            h = (float) (4.0 + gc - rc);
        }
        h = (float) ((h / 6.0 + 1.0) % 1.0);
        out[0] = clip8((int) (h * 255.0));
        out[1] = clip8((int) (s * 255.0));
    }

    private static void toRgb(int h, int s, int v, byte[] out, int o) {
        if (s == 0) {
            out[o] = (byte) v;
            out[o + 1] = (byte) v;
            out[o + 2] = (byte) v;
            return;
        }
        int i = (int) Math.floor((float) h * 6.0 / 255.0);
        float f = (float) ((float) h * 6.0 / 255.0 - (float) i);
        float fs = (float) (s / 255.0);
        int p = clip8((int) cRound(v * (1.0 - fs)));
        int q = clip8((int) cRound(v * (1.0 - fs * f)));
        int t = clip8((int) cRound(v * (1.0 - fs * (1.0 - f))));
        int[] rgb = switch (i % 6) {
            case 0 -> new int[] {v, t, p};
            case 1 -> new int[] {q, v, p};
            case 2 -> new int[] {p, v, t};
            case 3 -> new int[] {p, q, v};
            case 4 -> new int[] {t, p, v};
            default -> new int[] {v, p, q};
        };
        for (int c = 0; c < 3; c++) {
            out[o + c] = (byte) rgb[c];
        }
    }

    /** C's {@code round}: half away from zero. */
    private static double cRound(double x) {
        return Math.signum(x) * Math.floor(Math.abs(x) + 0.5);
    }

    private static int clip8(int v) {
        return v <= 0 ? 0 : Math.min(v, 255);
    }
}
