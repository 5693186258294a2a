package dev.cvt4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvt4j.Fixtures;
import dev.cvt4j.model.CvtModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelSummaryTest {

    /** Parameter counts of the official models and MACs from ../shared/perf/README.md (paper convention). */
    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({
        "cvt-13, 224, 19997480, 4.566",
        "cvt-13, 384, 19997480, 16.269",
        "cvt-21, 224, 31622696, 7.178",
        "cvt-21, 384, 31622696, 24.849",
        "cvt-w24, 384, 277196392, 194.222"
    })
    void presetsMatchOfficialParamsAndMacs(String preset, int size, long params, double gmacs) {
        ModelSummary s = ModelSummary.of(Presets.get(preset).model(), size, size);
        assertEquals(params, s.params());
        assertEquals(gmacs, Math.round(s.macs() / 1e6) / 1e3, 1e-9);
    }

    @Test
    void tinyFixtureParamCount() {
        CvtConfig tiny =
                Experiments.read(Fixtures.path("cvt-tiny", "spec.yaml")).model();
        assertEquals(325_018, ModelSummary.of(tiny, 64, 64).params());
    }

    @Test
    void analyticCountEqualsBuiltModelForEveryProjectionMethod() {
        CvtConfig tiny =
                Experiments.read(Fixtures.path("cvt-tiny", "spec.yaml")).model();
        for (ProjectionMethod method : ProjectionMethod.values()) {
            CvtConfig config = TestConfigs.withMethod(tiny, method, false);
            try (CvtModel model = CvtModel.create(config)) {
                assertEquals(
                        model.net().parameterCount(),
                        ModelSummary.of(config, 64, 64).params(),
                        method.name());
            }
        }
        try (CvtModel model = CvtModel.create(Presets.get("cvt-13").model())) {
            assertEquals(19_997_480, model.net().parameterCount());
        }
    }

    @Test
    void nonSquareGrid() {
        ModelSummary s = ModelSummary.of(Presets.get("cvt-13").model(), 224, 320);
        assertEquals(56, s.stages().get(0).gridHeight());
        assertEquals(80, s.stages().get(0).gridWidth());
        assertEquals(14 * 20 + 1, s.stages().get(2).tokens());
    }
}
