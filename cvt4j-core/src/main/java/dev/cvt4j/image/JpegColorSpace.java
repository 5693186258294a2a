package dev.cvt4j.image;

import java.awt.image.Raster;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.metadata.IIOMetadata;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The colour space of a JPEG's samples as libjpeg-turbo 2.1 guesses it ({@code jdapimin.c
 * default_decompress_parms}), and the conversion of the decoder's raw (unconverted, upsampled)
 * samples to RGB as Pillow 9.4 gets them: libjpeg's integer YCbCr to RGB ({@code jdcolor.c}),
 * YCCK to CMYK, then, for every 4-component JPEG, Pillow's inverted {@code "CMYK;I"} raw mode
 * ("assume adobe conventions", {@code JpegImagePlugin.py}) and {@code cmyk2rgb} ({@code
 * Convert.c}). No ICC profile is applied, as in Pillow.
 */
enum JpegColorSpace {
    /** One component, replicated to R = G = B. */
    GRAY,
    /** YCbCr, JFIF's colour space. */
    YCBCR,
    /** RGB stored directly (Adobe transform 0, or component ids 'R', 'G', 'B'). */
    RGB,
    /** CMYK stored directly (Adobe transform 0, or no Adobe marker). */
    CMYK,
    /** YCbCr + K (Adobe transform 2). */
    YCCK;

    private static final String FORMAT = "javax_imageio_jpeg_image_1.0";
    private static final int SCALE_BITS = 16;
    private static final int ONE_HALF = 1 << (SCALE_BITS - 1);
    private static final int[] CR_R = new int[256];
    private static final int[] CB_B = new int[256];
    private static final int[] CR_G = new int[256];
    private static final int[] CB_G = new int[256];

    static {
        // jdcolor.c build_ycc_rgb_table
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_R[i] = (fix(1.40200) * x + ONE_HALF) >> SCALE_BITS;
            CB_B[i] = (fix(1.77200) * x + ONE_HALF) >> SCALE_BITS;
            CR_G[i] = -fix(0.71414) * x;
            CB_G[i] = -fix(0.34414) * x + ONE_HALF;
        }
    }

    private static int fix(double x) {
        return (int) (x * (1 << SCALE_BITS) + 0.5);
    }

    /**
     * libjpeg's guess from the markers in the reader's native metadata.
     *
     * @param metadata the image metadata in {@code javax_imageio_jpeg_image_1.0}
     * @param components the number of components in the frame
     * @throws UnsupportedOperationException for a component count other than 1, 3 or 4
     */
    static JpegColorSpace guess(IIOMetadata metadata, int components) {
        MetadataTree tree = MetadataTree.of(metadata, FORMAT);
        boolean jfif = tree.find("app0JFIF").isPresent();
        int adobeTransform = tree.intAttribute("app14Adobe", "transform", -1);
        return switch (components) {
            case 1 -> GRAY;
            case 3 -> {
                if (jfif) {
                    yield YCBCR;
                }
                if (adobeTransform >= 0) {
                    yield adobeTransform == 0 ? RGB : YCBCR;
                }
                yield componentIds(tree).equals(List.of(82, 71, 66)) ? RGB : YCBCR;
            }
            case 4 -> adobeTransform < 0 || adobeTransform == 0 ? CMYK : YCCK;
            default ->
                throw new UnsupportedOperationException(
                        "JPEG with " + components + " components (Pillow reads 1, 3 or 4)");
        };
    }

    private static List<Integer> componentIds(MetadataTree tree) {
        Element sof = tree.find("sof").orElseThrow(() -> new IllegalArgumentException("JPEG without a frame header"));
        List<Integer> ids = new ArrayList<>();
        for (Node spec = sof.getFirstChild(); spec != null; spec = spec.getNextSibling()) {
            ids.add(Integer.parseInt(((Element) spec).getAttribute("componentId")));
        }
        return ids;
    }

    /**
     * Converts raw decoder samples to Pillow's RGB.
     *
     * @param raw the decoder's unconverted samples ({@code ImageReader.readRaster}), one band per
     *     component, 8 bits each
     * @return the HWC RGB image
     */
    RgbImage toRgb(Raster raw) {
        int w = raw.getWidth();
        int h = raw.getHeight();
        int bands = raw.getNumBands();
        byte[] out = new byte[3 * w * h];
        int[] row = new int[w * bands];
        int[] rgb = new int[3];
        for (int y = 0; y < h; y++) {
            raw.getPixels(raw.getMinX(), raw.getMinY() + y, w, 1, row);
            if (this == YCBCR) {
                yccRowToRgb(row, out, y * w * 3);
                continue;
            }
            for (int x = 0; x < w; x++) {
                pixel(row, x * bands, rgb);
                int o = (y * w + x) * 3;
                out[o] = (byte) rgb[0];
                out[o + 1] = (byte) rgb[1];
                out[o + 2] = (byte) rgb[2];
            }
        }
        return new RgbImage(w, h, out);
    }

    /**
     * jdcolor.c {@code ycc_rgb_convert} over a row of interleaved Y, Cb, Cr samples, written straight to
     * the image: the common JPEG's conversion without a call and a scratch array per pixel.
     */
    private static void yccRowToRgb(int[] ycc, byte[] out, int offset) {
        for (int i = 0; i < ycc.length; i += 3) {
            int y = ycc[i];
            int cb = ycc[i + 1];
            int cr = ycc[i + 2];
            out[offset + i] = (byte) red(y, cr);
            out[offset + i + 1] = (byte) green(y, cb, cr);
            out[offset + i + 2] = (byte) blue(y, cb);
        }
    }

    /** One pixel of every colour space but YCbCr, which {@link #yccRowToRgb} converts a row at a time. */
    private void pixel(int[] s, int i, int[] rgb) {
        switch (this) {
            case GRAY -> {
                rgb[0] = s[i];
                rgb[1] = s[i];
                rgb[2] = s[i];
            }
            case RGB -> System.arraycopy(s, i, rgb, 0, 3);
            case CMYK -> pillowCmykToRgb(255 - s[i], 255 - s[i + 1], 255 - s[i + 2], 255 - s[i + 3], rgb);
            case YCCK -> {
                // jdcolor.c ycck_cmyk_convert gives 255 - RGB(Y, Cb, Cr) and K; Pillow's "CMYK;I" inverts all four
                yccToRgb(s[i], s[i + 1], s[i + 2], rgb);
                pillowCmykToRgb(rgb[0], rgb[1], rgb[2], 255 - s[i + 3], rgb);
            }
        }
    }

    /** jdcolor.c {@code ycc_rgb_convert} of one pixel (for YCCK). */
    private static void yccToRgb(int y, int cb, int cr, int[] rgb) {
        rgb[0] = red(y, cr);
        rgb[1] = green(y, cb, cr);
        rgb[2] = blue(y, cb);
    }

    private static int red(int y, int cr) {
        return clamp(y + CR_R[cr]);
    }

    private static int green(int y, int cb, int cr) {
        return clamp(y + ((CB_G[cb] + CR_G[cr]) >> SCALE_BITS));
    }

    private static int blue(int y, int cb) {
        return clamp(y + CB_B[cb]);
    }

    /** Pillow Convert.c {@code cmyk2rgb}; the result never leaves 0..255, so its CLIP8 is a no-op. */
    private static void pillowCmykToRgb(int c, int m, int y, int k, int[] rgb) {
        int nk = 255 - k;
        rgb[0] = nk - mulDiv255(c, nk);
        rgb[1] = nk - mulDiv255(m, nk);
        rgb[2] = nk - mulDiv255(y, nk);
    }

    /** Pillow's {@code MULDIV255}: {@code a * b / 255} rounded, in integers. */
    private static int mulDiv255(int a, int b) {
        int t = a * b + 128;
        return ((t >> 8) + t) >> 8;
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }
}
