package dev.cvt4j.cli;

import dev.cvt4j.model.BlockRef;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code --block stageS.B}. */
final class BlockRefConverter implements ITypeConverter<BlockRef> {
    @Override
    public BlockRef convert(String value) {
        try {
            return BlockRef.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
