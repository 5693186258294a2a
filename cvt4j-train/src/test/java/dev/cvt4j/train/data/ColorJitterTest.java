package dev.cvt4j.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.cvt4j.image.RgbImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** torchvision's ColorJitter and adjust_hue through Pillow's HSV conversion. */
class ColorJitterTest {

    @Test
    void hueShiftOfPureRed() {
        RgbImage red = Images.solid(1, 1, 255, 0, 0);
        // HSV (0, 255, 255) + uint8(76.5) = 76 -> i = 1, f = 201/255: (q, v, p) = (54, 255, 0)
        assertArrayEquals(
                new byte[] {54, (byte) 255, 0}, PilHue.adjust(red, 0.3).toByteArray());
        // -76.5 truncates to -76, i.e. +180 -> i = 4, f = 60/255: (t, p, v) = (60, 0, 255)
        assertArrayEquals(
                new byte[] {60, 0, (byte) 255}, PilHue.adjust(red, -0.3).toByteArray());
        // a third of a turn: uint8(85.0) = 85 -> exactly green
        assertArrayEquals(
                new byte[] {0, (byte) 255, 0}, PilHue.adjust(red, 1 / 3.0).toByteArray());
        assertEquals(red, PilHue.adjust(red, 0));
    }

    @Test
    void grayHasNoHue() {
        RgbImage gray = Images.solid(2, 2, 90, 90, 90);
        assertEquals(gray, PilHue.adjust(gray, 0.4));
    }

    @Test
    void zeroJitterOrZeroProbabilityChangesNothing() {
        RgbImage img = new ShapesDataset(2, 1, 32, 0, "train").image(1);
        assertEquals(img, new ColorJitter(0, 0, 0, 0, 1).apply(img, new SplittableRandom(1)));
        assertEquals(img, new ColorJitter(0.4, 0.4, 0.4, 0.1, 0).apply(img, new SplittableRandom(1)));
        ColorJitter jitter = new ColorJitter(0.4, 0.4, 0.4, 0.1, 1);
        assertNotEquals(img, jitter.apply(img, new SplittableRandom(1)));
        assertEquals(jitter.apply(img, new SplittableRandom(2)), jitter.apply(img, new SplittableRandom(2)));
    }
}
