package dev.cvt4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvt4j.config.CvtConfig;
import dev.cvt4j.config.Presets;
import dev.cvt4j.config.ProjectionMethod;
import dev.cvt4j.config.TestConfigs;
import org.junit.jupiter.api.Test;

class TokenGeometryTest {
    private static final CvtConfig CVT13 = Presets.get("cvt-13").model();

    @Test
    void keyValueTokensOfCvt13SitOnAStridedLatticeFromPixelOne() {
        // stage 0's k7 s4 p2 embedding centres token 0 on pixel 1; every later window (k3 s2 p1) is centred.
        assertEquals(new TokenGeometry(1, 8), TokenGeometry.keyValues(CVT13, 0));
        assertEquals(new TokenGeometry(1, 32), TokenGeometry.keyValues(CVT13, 2));
        assertEquals(0.5, TokenGeometry.keyValues(CVT13, 2).tokenAt(17), 1e-12);
    }

    @Test
    void linearProjectionKeepsTheStageGrid() {
        CvtConfig linear = TestConfigs.withMethod(CVT13, ProjectionMethod.LINEAR, true);
        assertEquals(new TokenGeometry(1, 16), TokenGeometry.keyValues(linear, 2));
    }
}
