package dev.cvt4j.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cvt4j.config.GridSize;
import dev.cvt4j.image.RgbImage;
import dev.cvt4j.model.TokenGeometry;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AttentionOverlayTest {
    /** A 3 x 3 token grid whose centres are at pixels 1, 33, 65 (cvt-13's last-stage keys). */
    private static final GridSize GRID = new GridSize(3, 3);

    private static final TokenGeometry GEOMETRY = new TokenGeometry(1, 32);

    private static RgbImage gray(int size, int level) {
        byte[] rgb = new byte[3 * size * size];
        Arrays.fill(rgb, (byte) level);
        return RgbImage.of(size, size, rgb);
    }

    @Test
    void tokenCentresCarryTheTokenValuesAndPixelsBetweenInterpolate() {
        float[] map = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        double[] up = AttentionOverlay.upsample(map, GRID, GEOMETRY, 70, 70);
        assertEquals(4, up[33 * 70 + 33], 1e-12);
        assertEquals(8, up[65 * 70 + 65], 1e-12);
        assertEquals(0.5, up[1 * 70 + 17], 1e-12); // halfway between tokens (0, 0) and (0, 1)
        assertEquals(0, up[0], 1e-12); // left of and above the first centre: clamped
        assertEquals(8, up[69 * 70 + 69], 1e-12); // beyond the last centre: clamped
    }

    @Test
    void hottestTokenIsYellowAtItsCentreOverTheGrayImage() {
        float[] map = new float[9];
        map[4] = 1; // token (1, 1), centred on pixel (33, 33)
        BufferedImage out = AttentionOverlay.render(gray(70, 100), map, GRID, GEOMETRY);
        assertEquals(70, out.getWidth());
        assertEquals(70, out.getHeight());
        assertEquals(blend(100, Colormap.viridis(1)), out.getRGB(33, 33) & 0xFFFFFF);
        assertEquals(blend(100, Colormap.viridis(0)), out.getRGB(1, 1) & 0xFFFFFF);
    }

    @Test
    void constantMapIsDrawnAsTheLowestColour() {
        float[] map = new float[9];
        Arrays.fill(map, 0.25f);
        BufferedImage out = AttentionOverlay.render(gray(40, 0), map, GRID, GEOMETRY);
        assertEquals(blend(0, Colormap.viridis(0)), out.getRGB(20, 20) & 0xFFFFFF);
    }

    @Test
    void mapOfTheWrongSizeIsRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> AttentionOverlay.render(gray(8, 0), new float[4], GRID, GEOMETRY));
    }

    private static int blend(int gray, double[] colour) {
        int rgb = 0;
        for (double c : colour) {
            rgb = rgb << 8 | (int) Math.round((1 - AttentionOverlay.ALPHA) * gray + AttentionOverlay.ALPHA * c);
        }
        return rgb;
    }
}
