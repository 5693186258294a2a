package dev.cvt4j.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import org.junit.jupiter.api.Test;

class RgbImageTest {
    /** 3 x 2 image whose sample (x, y, c) is 100 * y + 10 * x + c. */
    private static RgbImage ramp() {
        byte[] rgb = new byte[18];
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                for (int c = 0; c < 3; c++) {
                    rgb[(y * 3 + x) * 3 + c] = (byte) (100 * y + 10 * x + c);
                }
            }
        }
        return RgbImage.of(3, 2, rgb);
    }

    @Test
    void samplesAreHwcInterleaved() {
        RgbImage image = ramp();
        assertEquals(3, image.width());
        assertEquals(2, image.height());
        assertEquals(122, image.sample(2, 1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> image.sample(3, 0, 0));
    }

    @Test
    void cropInsideCopiesTheRectangle() {
        RgbImage crop = ramp().crop(1, 1, 2, 1);
        assertArrayEquals(new byte[] {110, 111, 112, 120, 121, 122}, crop.toByteArray());
    }

    @Test
    void cropPastTheBorderIsZeroFilledLikePil() {
        RgbImage crop = ramp().crop(-1, 1, 2, 2);
        assertArrayEquals(new byte[] {0, 0, 0, 100, 101, 102, 0, 0, 0, 0, 0, 0}, crop.toByteArray());
        assertArrayEquals(new byte[3], ramp().crop(5, 5, 1, 1).toByteArray());
    }

    @Test
    void ofCopiesAndValidates() {
        byte[] rgb = new byte[3];
        RgbImage image = RgbImage.of(1, 1, rgb);
        rgb[0] = 7;
        assertEquals(0, image.sample(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> RgbImage.of(2, 1, rgb));
        assertThrows(IllegalArgumentException.class, () -> RgbImage.of(0, 1, new byte[0]));
    }

    @Test
    void bufferedImageRoundTripKeepsEverySample() {
        RgbImage image = ramp();
        BufferedImage buffered = image.toBufferedImage();
        assertEquals((122 - 2) << 16 | (122 - 1) << 8 | 122, buffered.getRGB(2, 1) & 0xFFFFFF);
        assertEquals(image, RgbImage.fromBufferedImage(buffered));
    }

    @Test
    void bufferedImageInAnotherColourSpaceIsRefused() {
        ColorModel cm = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_PYCC), false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        BufferedImage image = new BufferedImage(cm, cm.createCompatibleWritableRaster(2, 2), false, null);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RgbImage.fromBufferedImage(image));
        assertTrue(e.getMessage().startsWith("unsupported image: colour space"), e.getMessage());
    }
}
