package dev.cvt4j.spark;

import dev.cvt4j.Fixtures;

/** The fixtures' cvt-tiny (10 classes, 64 x 64), the model of the Spark tests. */
final class Tiny {
    /** The official experiment YAML. */
    static final String SPEC = Fixtures.path("cvt-tiny", "spec.yaml").toString();
    /** The official state dict. */
    static final String WEIGHTS = Fixtures.path("cvt-tiny", "official.pth").toString();

    private Tiny() {}

    /** @return a classifier of cvt-tiny, batches of 4, top 3 */
    static CvtImageClassifier classifier() {
        return new CvtImageClassifier()
                .setModel(SPEC)
                .setWeights(WEIGHTS)
                .setBatchSize(4)
                .setTopK(3);
    }
}
