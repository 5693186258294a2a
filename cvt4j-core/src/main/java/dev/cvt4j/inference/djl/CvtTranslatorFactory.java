package dev.cvt4j.inference.djl;

import ai.djl.Model;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import dev.cvt4j.config.ConfigException;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Set;

/**
 * Makes the {@link CvtTranslator} of the {@code model}, {@code imageSize} and {@code topK} criteria
 * arguments (as in {@link CvtModelLoader}) for {@code Image -> Classifications}. DJL instantiates it
 * by class name from the argument {@code translatorFactory}, which {@link CvtRepositoryFactory} sets
 * for a checkpoint given by {@code optModelPath}; {@code Criteria.Builder.optTranslatorFactory} takes
 * it too, e.g. for a TorchScript export of a CvT.
 */
public final class CvtTranslatorFactory implements TranslatorFactory {
    /** @return {@code (Image, Classifications)} only */
    @Override
    public Set<Pair<Type, Type>> getSupportedTypes() {
        return Set.of(new Pair<>(Image.class, Classifications.class));
    }

    /**
     * @return a {@link CvtTranslator} cast to the requested types
     * @throws TranslateException for other types than {@code Image -> Classifications}
     * @throws ConfigException when {@code model} is missing or invalid
     * @throws IllegalArgumentException when {@code topK} is below 1
     */
    @Override
    public <I, O> Translator<I, O> newInstance(Class<I> input, Class<O> output, Model model, Map<String, ?> arguments)
            throws TranslateException {
        if (!isSupported(input, output)) {
            throw new TranslateException("cvt4j translates Image -> Classifications, not " + input.getSimpleName()
                    + " -> " + output.getSimpleName());
        }
        @SuppressWarnings("unchecked") // I and O were checked to be Image and Classifications above
        Translator<I, O> translator =
                (Translator<I, O>) CvtArguments.translator(CvtArguments.experiment(arguments), arguments);
        return translator;
    }
}
