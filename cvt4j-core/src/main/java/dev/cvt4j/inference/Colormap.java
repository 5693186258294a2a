package dev.cvt4j.inference;

/**
 * Matplotlib's perceptually uniform {@code viridis} colour map (dark blue-purple for 0, green, yellow
 * for 1), linearly interpolated between its eleven colours at 0, 0.1, ..., 1.
 */
public final class Colormap {
    private static final int[][] VIRIDIS = {
        {68, 1, 84},
        {72, 36, 117},
        {65, 68, 135},
        {53, 95, 141},
        {42, 120, 142},
        {33, 145, 140},
        {34, 168, 132},
        {68, 191, 112},
        {122, 209, 81},
        {189, 223, 38},
        {253, 231, 37},
    };

    private Colormap() {}

    /**
     * @param t a value in [0, 1]; values outside are clamped, NaN reads as 0
     * @return the colour as {@code {red, green, blue}}, each 0..255 (fractional)
     */
    public static double[] viridis(double t) {
        double x = Double.isNaN(t) ? 0 : Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
        int i = Math.min((int) x, VIRIDIS.length - 2);
        double f = x - i;
        double[] rgb = new double[3];
        for (int c = 0; c < 3; c++) {
            rgb[c] = VIRIDIS[i][c] + f * (VIRIDIS[i + 1][c] - VIRIDIS[i][c]);
        }
        return rgb;
    }
}
