package dev.cvt4j.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EvalTransformTest {

    /** The size table of fixtures/preprocess/README.md (torchvision's shorter-side resize, then center crop). */
    @ParameterizedTest
    @CsvSource({
        "500, 375, 256, 341, 256, 58, 16",
        "300, 420, 256, 256, 358, 16, 67",
        "256, 256, 256, 256, 256, 16, 16",
        "320, 240, 256, 341, 256, 58, 16",
        "100, 80, 256, 320, 256, 48, 16",
        "500, 375, 438, 584, 438, 100, 27"
    })
    void resizeAndCropGeometryMatchesTorchvision(int w, int h, int shortSide, int rw, int rh, int left, int top) {
        assertArrayEquals(new int[] {rw, rh}, EvalTransform.resizedSize(w, h, shortSide));
        int crop = shortSide == 256 ? 224 : 384;
        assertEquals(left, EvalTransform.cropStart(rw, crop));
        assertEquals(top, EvalTransform.cropStart(rh, crop));
    }

    @Test
    void cropStartRoundsHalfToEvenAndPadsWhenSmaller() {
        assertEquals(58, EvalTransform.cropStart(341, 224)); // 58.5 -> 58
        assertEquals(60, EvalTransform.cropStart(345, 224)); // 60.5 -> 60
        assertEquals(60, EvalTransform.cropStart(343, 224)); // 59.5 -> 60
        assertEquals(-2, EvalTransform.cropStart(5, 10)); // torchvision pads (10 - 5) // 2 = 2 on the left
    }

    @Test
    void imagenetIsTheOfficial224Configuration() {
        EvalTransform t = EvalTransform.imagenet(224);
        assertEquals(new EvalTransform(224, 224, true, Filter.BICUBIC, Normalization.IMAGENET), t);
        assertEquals(256, (int) (224 / EvalTransform.CROP_FRACTION));
    }

    @Test
    void outputHasTheConfiguredShape() {
        RgbImage image = RgbImage.of(40, 30, new byte[3 * 40 * 30]);
        EvalTransform noCrop = new EvalTransform(16, 8, false, Filter.BILINEAR, Normalization.IMAGENET);
        assertEquals(3 * 16 * 8, noCrop.apply(image).length);
        RgbImage cropped = EvalTransform.imagenet(14).resizeAndCrop(image);
        assertEquals(14, cropped.width());
        assertEquals(14, cropped.height());
    }

    @Test
    void rejectsInvalidConfigurations() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new EvalTransform(224, 256, true, Filter.BICUBIC, Normalization.IMAGENET));
        assertThrows(
                IllegalArgumentException.class,
                () -> new EvalTransform(0, 224, false, Filter.BICUBIC, Normalization.IMAGENET));
        assertThrows(NullPointerException.class, () -> new EvalTransform(8, 8, false, null, Normalization.IMAGENET));
    }
}
