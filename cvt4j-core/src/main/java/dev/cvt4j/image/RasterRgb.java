package dev.cvt4j.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Pillow 9.4's {@code convert("RGB")} of what an ImageIO reader returns for PNG, BMP, GIF and
 * WebP, read from the raw raster (never {@code BufferedImage.getRGB}, which colour-manages and
 * composites):
 *
 * <ul>
 *   <li>palette: each index looked up in the palette; palette transparency ignored;
 *   <li>grayscale: replicated to R = G = B;
 *   <li>alpha: dropped, the colour under transparent pixels kept (Pillow's {@code rgba2rgb} and
 *       {@code la2rgb} copy the colour bands);
 *   <li>samples of fewer than 8 bits: scaled by {@code v * 255 / (2^bits - 1)} (Pillow's {@code
 *       L;2}, {@code L;4}, {@code BGR;15}, {@code BGR;16} unpackers);
 *   <li>16-bit samples: the high byte (Pillow's {@code RGB;16B}, {@code RGBA;16B}, {@code LA;16B}
 *       raw modes), except 16-bit grayscale PNG, which Pillow opens as 32-bit mode {@code "I"} and
 *       converts with {@code i2rgb}, clamping each value to 0..255 (so 300 and 65535 both become
 *       255).
 * </ul>
 */
final class RasterRgb {
    private RasterRgb() {}

    /**
     * @param image what the reader returned
     * @param clampSixteenBits true for a 16-bit grayscale PNG (Pillow mode {@code "I"}): clamp
     *     instead of taking the high byte
     * @throws UnsupportedOperationException for a colour model Pillow's RGB conversion has no
     *     counterpart for here (not palette, gray or RGB; samples of 9..15 or more than 16 bits)
     */
    static RgbImage convert(BufferedImage image, boolean clampSixteenBits) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int w = raster.getWidth();
        int h = raster.getHeight();
        int[][] lut = cm instanceof IndexColorModel icm ? paletteLut(icm) : sampleLuts(cm, clampSixteenBits);
        int[] bands = cm instanceof IndexColorModel || cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                ? new int[] {0, 0, 0}
                : new int[] {0, 1, 2};
        byte[] out = new byte[3 * w * h];
        int[] row = new int[w];
        for (int c = 0; c < 3; c++) {
            int[] map = lut[c];
            for (int y = 0; y < h; y++) {
                raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, bands[c], row);
                for (int x = 0; x < w; x++) {
                    out[(y * w + x) * 3 + c] = (byte) map[row[x]];
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    /** Red, green and blue of every index the raster can hold (entries past the palette are black). */
    private static int[][] paletteLut(IndexColorModel icm) {
        int[][] lut = new int[3][1 << icm.getPixelSize()];
        for (int i = 0; i < lut[0].length; i++) {
            int rgb = i < icm.getMapSize() ? icm.getRGB(i) : 0;
            lut[0][i] = (rgb >> 16) & 0xFF;
            lut[1][i] = (rgb >> 8) & 0xFF;
            lut[2][i] = rgb & 0xFF;
        }
        return lut;
    }

    /** For each output channel, the 8-bit value of every sample value of its band. */
    private static int[][] sampleLuts(ColorModel cm, boolean clampSixteenBits) {
        int type = cm.getColorSpace().getType();
        if (type != ColorSpace.TYPE_GRAY && type != ColorSpace.TYPE_RGB) {
            throw new UnsupportedOperationException("colour space (type " + type + "), not gray or RGB");
        }
        int[][] lut = new int[3][];
        for (int c = 0; c < 3; c++) {
            int bits = cm.getComponentSize(type == ColorSpace.TYPE_GRAY ? 0 : c);
            if (bits > 8 && bits != 16) {
                throw new UnsupportedOperationException("sample depth of " + bits + " bits");
            }
            int[] map = new int[1 << bits];
            for (int v = 0; v < map.length; v++) {
                map[v] = bits == 8
                        ? v
                        : bits == 16 ? (clampSixteenBits ? Math.min(v, 255) : v >> 8) : v * 255 / (map.length - 1);
            }
            lut[c] = map;
        }
        return lut;
    }
}
