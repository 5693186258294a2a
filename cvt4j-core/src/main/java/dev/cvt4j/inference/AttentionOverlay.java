package dev.cvt4j.inference;

import dev.cvt4j.config.GridSize;
import dev.cvt4j.image.RgbImage;
import dev.cvt4j.model.AttentionMap;
import dev.cvt4j.model.TokenGeometry;
import java.awt.image.BufferedImage;

/**
 * Draws a map over key/value tokens ({@link AttentionMap#keyMap()}) on the image the model saw: the
 * map is interpolated bilinearly between the tokens' receptive-field centres ({@link TokenGeometry};
 * constant beyond the outermost centres), normalised to [0, 1] by its minimum and maximum, coloured
 * with {@link Colormap#viridis} and alpha-blended over the image in gray (ITU-R BT.601 luma), so
 * that the image's own colours cannot be mistaken for the map's.
 */
public final class AttentionOverlay {
    /** Opacity of the colour map over the image. */
    public static final double ALPHA = 0.7;

    private AttentionOverlay() {}

    /**
     * @param image the preprocessed (resized and cropped) input, W x H pixels
     * @param map one value per token, row-major {@code grid.height() x grid.width()}
     * @param grid the token grid of {@code map}
     * @param geometry where the tokens sit in {@code image}
     * @return a new W x H RGB image
     * @throws IllegalArgumentException when {@code map} does not hold one value per token
     */
    public static BufferedImage render(RgbImage image, float[] map, GridSize grid, TokenGeometry geometry) {
        if (map.length != grid.tokens()) {
            throw new IllegalArgumentException(
                    map.length + " values for a " + grid.height() + " x " + grid.width() + " token grid");
        }
        double[] heat = normalised(upsample(map, grid, geometry, image.width(), image.height()));
        BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                double[] colour = Colormap.viridis(heat[y * image.width() + x]);
                double gray =
                        0.299 * image.sample(x, y, 0) + 0.587 * image.sample(x, y, 1) + 0.114 * image.sample(x, y, 2);
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    double v = (1 - ALPHA) * gray + ALPHA * colour[c];
                    rgb = rgb << 8 | (int) Math.round(v);
                }
                out.setRGB(x, y, rgb);
            }
        }
        return out;
    }

    /** Bilinear interpolation of the token map at every pixel, {@code height * width} values row-major. */
    static double[] upsample(float[] map, GridSize grid, TokenGeometry geometry, int width, int height) {
        double[] out = new double[width * height];
        for (int y = 0; y < height; y++) {
            double v = clamp(geometry.tokenAt(y), grid.height());
            int y0 = (int) Math.floor(v);
            int y1 = Math.min(y0 + 1, grid.height() - 1);
            double fy = v - y0;
            for (int x = 0; x < width; x++) {
                double u = clamp(geometry.tokenAt(x), grid.width());
                int x0 = (int) Math.floor(u);
                int x1 = Math.min(x0 + 1, grid.width() - 1);
                double fx = u - x0;
                double top = (1 - fx) * map[y0 * grid.width() + x0] + fx * map[y0 * grid.width() + x1];
                double bottom = (1 - fx) * map[y1 * grid.width() + x0] + fx * map[y1 * grid.width() + x1];
                out[y * width + x] = (1 - fy) * top + fy * bottom;
            }
        }
        return out;
    }

    private static double clamp(double token, int n) {
        return Math.min(n - 1, Math.max(0, token));
    }

    /** Min-max scaling to [0, 1]; a constant map becomes all zeros. */
    private static double[] normalised(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double range = max - min;
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = range > 0 ? (values[i] - min) / range : 0;
        }
        return out;
    }
}
