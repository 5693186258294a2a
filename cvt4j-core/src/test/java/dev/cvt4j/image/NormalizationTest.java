package dev.cvt4j.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NormalizationTest {

    @Test
    void toTensorIsChwFloat32() {
        // 2 x 1 image: pixel 0 = (0, 51, 255), pixel 1 = (255, 102, 0)
        RgbImage image = RgbImage.of(2, 1, new byte[] {0, 51, (byte) 255, (byte) 255, 102, 0});
        Normalization n = new Normalization(new float[] {0.5f, 0f, 0.25f}, new float[] {0.5f, 1f, 0.25f});
        float[] expected = {
            (0 / 255f - 0.5f) / 0.5f, (255 / 255f - 0.5f) / 0.5f,
            51 / 255f, 102 / 255f,
            (255 / 255f - 0.25f) / 0.25f, (0 / 255f - 0.25f) / 0.25f
        };
        assertArrayEquals(expected, n.toTensor(image));
    }

    @Test
    void everySampleValueIsTorchvisionsFloat() {
        // 256 x 1 image whose pixel v is (v, 255 - v, v): every value of every channel
        byte[] hwc = new byte[3 * 256];
        for (int v = 0; v < 256; v++) {
            hwc[3 * v] = (byte) v;
            hwc[3 * v + 1] = (byte) (255 - v);
            hwc[3 * v + 2] = (byte) v;
        }
        Normalization n = Normalization.IMAGENET;
        float[] chw = n.toTensor(RgbImage.of(256, 1, hwc));
        for (int c = 0; c < 3; c++) {
            for (int x = 0; x < 256; x++) {
                int v = hwc[3 * x + c] & 0xFF;
                float expected = (v / 255f - n.mean()[c]) / n.std()[c];
                assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(chw[c * 256 + x]), "value " + v);
            }
        }
    }

    @Test
    void validatesAndCopies() {
        float[] mean = {0.1f, 0.2f, 0.3f};
        Normalization n = new Normalization(mean, new float[] {1, 1, 1});
        mean[0] = 9;
        assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f}, n.mean());
        assertThrows(IllegalArgumentException.class, () -> new Normalization(new float[2], new float[3]));
        assertThrows(IllegalArgumentException.class, () -> new Normalization(new float[3], new float[] {1, 0, 1}));
    }
}
