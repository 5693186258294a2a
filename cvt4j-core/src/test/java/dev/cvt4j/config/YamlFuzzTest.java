package dev.cvt4j.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cvt4j.untrusted.FuzzInputs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the experiment YAML reader ({@link YamlReader#parse}, then {@link ConfigValues#of} against
 * the configuration table, then {@link Experiments#experiment}, which also checks the model's geometry
 * and size): any outcome but an experiment or a
 * {@link ConfigException} is a finding. Seeds: the fixtures' {@code spec.yaml} files.
 */
class YamlFuzzTest {
    static Stream<Arguments> seeds() {
        return Stream.of("cvt-tiny", "cvt-13")
                .map(model -> Arguments.of((Object) FuzzInputs.fixture(model, "spec.yaml")));
    }

    @MethodSource("seeds")
    @FuzzTest
    void read(byte[] yaml) {
        try {
            String source = "fuzz.yaml";
            Experiments.experiment(
                    ConfigValues.of(
                            YamlReader.parse(new String(yaml, StandardCharsets.UTF_8), source), List.of(), source),
                    source);
        } catch (ConfigException expected) {
            // a refusal in one line is the contract, unless the reader only caught an exhausted stack or heap
            if (expected.getCause() instanceof VirtualMachineError error) {
                throw error;
            }
        }
    }
}
