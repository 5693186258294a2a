package dev.cvt4j.inference.djl;

import ai.djl.repository.zoo.ModelZoo;
import java.util.Set;

/**
 * The cvt4j model zoo for DJL, group id {@value #GROUP_ID}, found by DJL through
 * {@link CvtZooProvider} ({@code META-INF/services/ai.djl.repository.zoo.ZooProvider}). It holds one
 * loader, {@link CvtModelLoader}: CvT image classifiers from local checkpoints, on the PyTorch engine.
 */
public final class CvtModelZoo extends ModelZoo {
    /** The zoo's group id, for {@code Criteria.Builder.optGroupId}. */
    public static final String GROUP_ID = "dev.cvt4j";
    /** The DJL engine the models run on. */
    public static final String ENGINE = "PyTorch";

    /** A zoo holding the {@link CvtModelLoader}. */
    public CvtModelZoo() {
        addModel(new CvtModelLoader());
    }

    /** {@inheritDoc} */
    @Override
    public String getGroupId() {
        return GROUP_ID;
    }

    /** @return {@value #ENGINE} only */
    @Override
    public Set<String> getSupportedEngines() {
        return Set.of(ENGINE);
    }
}
