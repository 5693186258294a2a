package dev.cvt4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Stages built by name from the official default stage. */
class StageSpecTest {

    @Test
    void theOfficialStageIsWhatEveryOfficialModelShares() {
        for (String name : Presets.names()) {
            for (StageSpec s : Presets.get(name).model().stages()) {
                StageSpec shared = s.toBuilder()
                        .patch(3, 2, 1)
                        .dimEmbed(64)
                        .numHeads(1)
                        .depth(1)
                        .clsToken(false)
                        .dropPathRate(0)
                        .build();
                assertEquals(StageSpec.OFFICIAL, shared, name + ": a stage differs only in the preset's fields");
            }
        }
    }

    @Test
    void presetsAreTheOfficialFilesStages() {
        List<StageSpec> cvt13 = Presets.get("cvt-13").model().stages();
        StageSpec first = cvt13.get(0);
        assertEquals(
                List.of(7, 4, 2, 64, 1, 1),
                List.of(
                        first.patchSize(),
                        first.patchStride(),
                        first.patchPadding(),
                        first.dimEmbed(),
                        first.numHeads(),
                        first.depth()),
                "the file's first stage (ExperimentsTest: all)");
        assertEquals(
                StageSpec.builder()
                        .dimEmbed(384)
                        .numHeads(6)
                        .depth(10)
                        .clsToken(true)
                        .dropPathRate(0.1)
                        .build(),
                cvt13.get(2));
    }

    @Test
    void buildersSetEachFieldByName() {
        StageSpec s = StageSpec.builder()
                .mlpRatio(2.0)
                .qkvBias(false)
                .qkvProjMethod(ProjectionMethod.AVG)
                .kernelQkv(5)
                .query(2, 1)
                .keyValue(0, 4)
                .dropRate(0.1)
                .attnDropRate(0.2)
                .dropPathRate(0.3)
                .build();
        assertEquals(
                List.of(2.0, false, ProjectionMethod.AVG, 5, 2, 1, 0, 4, 0.1, 0.2, 0.3),
                List.of(
                        s.mlpRatio(),
                        s.qkvBias(),
                        s.qkvProjMethod(),
                        s.kernelQkv(),
                        s.paddingQ(),
                        s.strideQ(),
                        s.paddingKv(),
                        s.strideKv(),
                        s.dropRate(),
                        s.attnDropRate(),
                        s.dropPathRate()));
        assertEquals(0.5, s.withDropPathRate(0.5).dropPathRate());
        assertEquals(s, s.toBuilder().build());
    }
}
