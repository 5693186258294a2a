package dev.cvt4j.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
    void validatesAndCopies() {
        float[] mean = {0.1f, 0.2f, 0.3f};
        Normalization n = new Normalization(mean, new float[] {1, 1, 1});
        mean[0] = 9;
        assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f}, n.mean());
        assertThrows(IllegalArgumentException.class, () -> new Normalization(new float[2], new float[3]));
        assertThrows(IllegalArgumentException.class, () -> new Normalization(new float[3], new float[] {1, 0, 1}));
    }
}
