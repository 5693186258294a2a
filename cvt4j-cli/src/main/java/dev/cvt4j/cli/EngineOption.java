package dev.cvt4j.cli;

import dev.cvt4j.inference.InferenceEngine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --engine}, shared by the inference commands: the {@link InferenceEngine} that runs the network.
 * An unknown name is a usage error (exit 2) listing the valid ones.
 */
final class EngineOption {
    @Option(
            names = "--engine",
            paramLabel = "pytorch|onnxruntime",
            defaultValue = InferenceEngine.DEFAULT_NAME,
            converter = Converter.class,
            description = "Inference engine: pytorch (libtorch) or onnxruntime (default ${DEFAULT-VALUE}).")
    InferenceEngine engine;

    /** Parses engine names for picocli. */
    static final class Converter implements ITypeConverter<InferenceEngine> {
        /** {@inheritDoc} */
        @Override
        public InferenceEngine convert(String value) {
            try {
                return InferenceEngine.fromName(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
