package dev.cvt4j.cli;

import dev.cvt4j.checkpoint.CheckpointLayout;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code --to official|hf}. */
final class LayoutConverter implements ITypeConverter<CheckpointLayout> {
    @Override
    public CheckpointLayout convert(String value) {
        return switch (value) {
            case "official" -> CheckpointLayout.OFFICIAL;
            case "hf" -> CheckpointLayout.HUGGINGFACE;
            default -> throw new TypeConversionException("expected official or hf, got '" + value + "'");
        };
    }
}
