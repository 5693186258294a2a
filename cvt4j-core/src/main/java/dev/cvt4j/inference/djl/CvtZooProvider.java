package dev.cvt4j.inference.djl;

import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooProvider;

/** Registers {@link CvtModelZoo} with DJL (listed in {@code META-INF/services/ai.djl.repository.zoo.ZooProvider}). */
public final class CvtZooProvider implements ZooProvider {
    /** @return a {@link CvtModelZoo} */
    @Override
    public ModelZoo getModelZoo() {
        return new CvtModelZoo();
    }
}
