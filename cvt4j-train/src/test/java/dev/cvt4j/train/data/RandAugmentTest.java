package dev.cvt4j.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt4j.config.ConfigException;
import dev.cvt4j.image.RgbImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** timm 0.3.2's RandAugment string, level functions and per-image draws. */
class RandAugmentTest {
    private static final AugmentOp.Geometry GEOMETRY =
            new AugmentOp.Geometry(Interpolation.BICUBIC, new int[] {124, 116, 104}, 0.45);

    @Test
    void parsesTheOfficialString() {
        RandAugment ra = RandAugment.parse("rand-m9-mstd0.5-inc1", GEOMETRY);
        assertEquals(RandAugment.INCREASING, ra.ops());
        assertEquals(2, ra.numLayers());
        assertEquals(9.0, ra.magnitude());
        assertEquals(0.5, ra.magnitudeStd());
        assertEquals(15, ra.ops().size());
    }

    @Test
    void parsesDefaultsLayersAndTheIncQuirk() {
        RandAugment plain = RandAugment.parse("rand-m7-n3", GEOMETRY);
        assertEquals(RandAugment.DEFAULT, plain.ops());
        assertEquals(3, plain.numLayers());
        assertEquals(0.0, plain.magnitudeStd());
        assertEquals(10.0, RandAugment.parse("rand", GEOMETRY).magnitude());
        // timm 0.3.2: bool("0") is True, so inc0 also selects the increasing set
        assertEquals(
                RandAugment.INCREASING, RandAugment.parse("rand-inc0", GEOMETRY).ops());
    }

    @Test
    void refusesOtherPolicies() {
        ConfigException e = assertThrows(ConfigException.class, () -> RandAugment.parse("augmix-m5", GEOMETRY));
        assertTrue(e.getMessage().contains("AUTO_AUGMENT"), e.getMessage());
    }

    @Test
    void refusesWeightedChoice() {
        assertThrows(ConfigException.class, () -> RandAugment.parse("rand-m9-w0", GEOMETRY));
    }

    @Test
    void refusesMalformedNumbers() {
        assertThrows(ConfigException.class, () -> RandAugment.parse("rand-m9x", GEOMETRY));
    }

    @Test
    void increasingLevelFunctionsAtMagnitudeNine() {
        RgbImage img = Images.row(200, 100, 25, 26, 10, 128);
        SplittableRandom rng = new SplittableRandom(1);
        // PosterizeIncreasing: 4 - int(3.6) = 1 bit
        assertArrayEquals(
                new int[] {128, 0, 0, 0, 0, 128},
                Images.firstRow(AugmentOp.POSTERIZE_INCREASING.apply(img, 9, rng, GEOMETRY)));
        // SolarizeIncreasing: threshold 256 - int(230.4) = 26
        assertArrayEquals(
                new int[] {55, 155, 25, 229, 10, 127},
                Images.firstRow(AugmentOp.SOLARIZE_INCREASING.apply(img, 9, rng, GEOMETRY)));
        // SolarizeAdd: + int(99.0) below 128
        assertArrayEquals(
                new int[] {200, 199, 124, 125, 109, 128},
                Images.firstRow(AugmentOp.SOLARIZE_ADD.apply(img, 9, rng, GEOMETRY)));
        // Posterize (not increasing) at 10 keeps int(4.0) = 4 bits
        assertArrayEquals(
                new int[] {192, 96, 16, 16, 0, 128},
                Images.firstRow(AugmentOp.POSTERIZE.apply(img, 10, rng, GEOMETRY)));
    }

    @Test
    void magnitudeZeroLeavesSignedOperationsUnchanged() {
        RgbImage img = Images.gray(new int[][] {{10, 20, 30}, {40, 50, 60}, {70, 80, 90}});
        SplittableRandom rng = new SplittableRandom(2);
        for (AugmentOp op : new AugmentOp[] {
            AugmentOp.ROTATE,
            AugmentOp.SHEAR_X,
            AugmentOp.SHEAR_Y,
            AugmentOp.TRANSLATE_X_REL,
            AugmentOp.TRANSLATE_Y_REL,
            AugmentOp.BRIGHTNESS_INCREASING,
            AugmentOp.CONTRAST_INCREASING,
            AugmentOp.COLOR_INCREASING,
            AugmentOp.SHARPNESS_INCREASING
        }) {
            assertEquals(img, op.apply(img, 0, rng, GEOMETRY), op.timmName());
        }
    }

    @Test
    void fullTranslationMovesByFortyFivePercent() {
        int[] row = new int[20];
        for (int i = 0; i < 20; i++) {
            row[i] = 10 * i;
        }
        RgbImage img = Images.row(row);
        RgbImage shifted = AugmentOp.TRANSLATE_X_REL.apply(img, 10, new SplittableRandom(3), GEOMETRY);
        int[] out = Images.firstRow(shifted);
        // 0.45 * 20 = 9 pixels, either direction; the uncovered side is the fill colour
        boolean left = out[0] == 90 && out[10] == 190 && out[11] == 124;
        boolean right = out[9] == 0 && out[19] == 100 && out[8] == 124;
        assertTrue(left || right, java.util.Arrays.toString(out));
    }

    @Test
    void sameSeedSameImageOtherSeedOtherImage() {
        RgbImage img = new ShapesDataset(3, 2, 48, 0, "train").image(1);
        RandAugment ra = RandAugment.parse("rand-m9-mstd0.5-inc1", GEOMETRY);
        assertEquals(ra.apply(img, new SplittableRandom(7)), ra.apply(img, new SplittableRandom(7)));
        int changed = 0;
        for (int seed = 0; seed < 20; seed++) {
            changed += ra.apply(img, new SplittableRandom(seed)).equals(img) ? 0 : 1;
        }
        // each of 2 layers applies with p = 1/2 (and Invert etc. always change the image): ~75% change
        assertTrue(changed >= 8 && changed <= 20, "changed " + changed + " of 20");
        assertNotEquals(ra.apply(img, new SplittableRandom(1)), ra.apply(img, new SplittableRandom(2)));
    }
}
