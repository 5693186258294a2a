package dev.cvt4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt4j.config.CvtConfig;
import dev.cvt4j.config.Presets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlockRefTest {
    private static final CvtConfig CVT13 = Presets.get("cvt-13").model();

    @Test
    void parsesStageAndBlock() {
        BlockRef ref = BlockRef.parse("stage2.9");
        assertEquals(new BlockRef(2, 9), ref);
        assertEquals("stage2.9", ref.toString());
        assertEquals(ref, ref.validate(CVT13));
    }

    @ParameterizedTest
    @ValueSource(strings = {"stage2", "2.9", "stage-1.0", "stage2.9.1", "Stage2.9", ""})
    void malformedReferenceNamesTheSyntax(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlockRef.parse(text));
        assertTrue(e.getMessage().contains("stageS.B") && e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    @Test
    void stageOutOfRangeNamesTheValidStages() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> BlockRef.parse("stage3.0").validate(CVT13));
        assertEquals("block stage3.0: no stage 3, the model has stages 0..2", e.getMessage());
    }

    @Test
    void blockOutOfRangeNamesTheValidBlocks() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> BlockRef.parse("stage2.10").validate(CVT13));
        assertEquals("block stage2.10: no block 10 in stage 2, which has blocks 0..9", e.getMessage());
    }
}
