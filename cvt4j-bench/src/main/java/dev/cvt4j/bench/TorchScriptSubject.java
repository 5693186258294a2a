package dev.cvt4j.bench;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Path;

/** The frozen TorchScript trace of the same CvT-13, loaded by DJL's PyTorch engine through {@link Criteria}. */
final class TorchScriptSubject extends DjlSubject {
    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;

    /**
     * @param traced {@code cvt13_traced.pt}
     * @throws IOException when the file cannot be read
     * @throws ModelNotFoundException when DJL finds no model at the path
     * @throws MalformedModelException when the file is not a TorchScript module
     */
    TorchScriptSubject(Path traced) throws IOException, ModelNotFoundException, MalformedModelException {
        model = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(traced)
                .optEngine("PyTorch")
                .optTranslator(new NoopTranslator())
                .build()
                .loadModel();
        predictor = model.newPredictor();
    }

    @Override
    public String name() {
        return "DJL 0.35.1 + PyTorch 2.7.1, TorchScript trace (frozen)";
    }

    @Override
    protected NDList forward(NDArray images) {
        try {
            return predictor.predict(new NDList(images));
        } catch (TranslateException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void closeModel() {
        predictor.close();
        model.close();
    }
}
