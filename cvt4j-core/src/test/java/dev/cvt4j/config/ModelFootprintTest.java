package dev.cvt4j.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModelFootprintTest {
    @Test
    void presetsFitAtTheirSizeAndAtALargeBatch() {
        CvtConfig cvt13 = Presets.get("cvt-13").model();
        ModelFootprint.check(cvt13, 224, 224, 1);
        ModelFootprint.check(cvt13, 384, 384, 8);
    }

    @Test
    void refusesWhatCannotFitWithTheSizeItNeeds() {
        CvtConfig cvt13 = Presets.get("cvt-13").model();
        ConfigException e = assertThrows(ConfigException.class, () -> ModelFootprint.check(cvt13, 224, 224, 1L << 40));
        assertTrue(
                e.getMessage().contains("needs at least") && e.getMessage().contains("more than this machine's"),
                e.getMessage());
    }

    @Test
    void refusesAnInputTooSmallForTheKernels() {
        CvtConfig cvt13 = Presets.get("cvt-13").model();
        ConfigException e = assertThrows(ConfigException.class, () -> ModelFootprint.check(cvt13, 1, 1, 1));
        assertTrue(e.getMessage().contains("input 1x1 leaves no tokens after stage 0's embedding"), e.getMessage());
    }
}
