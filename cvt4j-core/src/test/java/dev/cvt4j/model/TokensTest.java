package dev.cvt4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.cvt4j.config.GridSize;
import org.junit.jupiter.api.Test;

/** The rearranges {@code b c h w <-> b (h w) c}, including the class-token slice and a single image. */
class TokensTest {

    @Test
    void toMapIsTheOfficialRearrange() {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int batch : new int[] {1, 3}) {
                // 1 class token + a 4 x 5 grid of 6 channels; the map is made from the slice after the class token.
                NDArray x = manager.arange(batch * 21 * 6)
                        .toType(DataType.FLOAT32, false)
                        .reshape(batch, 21, 6);
                NDArray tokens = x.get(new NDIndex(":, 1:, :"));
                NDArray map = Tokens.toMap(tokens, new GridSize(4, 5));
                assertEquals(new Shape(batch, 6, 4, 5), map.getShape());
                for (int b = 0; b < batch; b++) {
                    for (int c = 0; c < 6; c++) {
                        for (int h = 0; h < 4; h++) {
                            for (int w = 0; w < 5; w++) {
                                float expected = x.getFloat(b, 1 + h * 5 + w, c);
                                assertEquals(
                                        expected,
                                        map.getFloat(b, c, h, w),
                                        "b " + b + " c " + c + " h " + h + " w " + w);
                            }
                        }
                    }
                }
                assertEquals(tokens, Tokens.fromMap(map), "fromMap inverts toMap");
            }
        }
    }
}
