package dev.cvt4j.config;

import java.util.ArrayList;
import java.util.List;

/** Variants of a config for tests. */
public final class TestConfigs {
    private TestConfigs() {}

    /** Every stage with the given projection method and class-token flag (last stage), no dropout. */
    public static CvtConfig withMethod(CvtConfig base, ProjectionMethod method, boolean clsToken) {
        List<StageSpec> stages = new ArrayList<>();
        for (int i = 0; i < base.numStages(); i++) {
            StageSpec s = base.stage(i);
            boolean cls = clsToken && i == base.numStages() - 1;
            stages.add(s.toBuilder()
                    .clsToken(cls)
                    .qkvProjMethod(method)
                    .dropRate(0)
                    .attnDropRate(0)
                    .dropPathRate(0)
                    .build());
        }
        return new CvtConfig(stages, base.numClasses(), base.actLayer(), base.layerNormEps(), base.init());
    }
}
