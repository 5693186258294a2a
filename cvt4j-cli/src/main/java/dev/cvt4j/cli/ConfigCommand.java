package dev.cvt4j.cli;

import dev.cvt4j.config.ConfigKey;
import dev.cvt4j.config.ConfigTable;
import dev.cvt4j.config.ConfigType;
import dev.cvt4j.config.ConfigValues;
import dev.cvt4j.config.Experiments;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cvt config}: the resolved configuration of a preset or an official experiment file, with
 * {@code --image-size} (as {@code TEST.IMAGE_SIZE}) and {@code KEY=VALUE} overrides, one line per key of the configuration table ({@link ConfigTable}).
 * A {@code *} marks every value that differs from the official default of microsoft/CvT
 * {@code lib/config/default.py} (a key without an official default is marked when it is set), and
 * the default is shown beside it; keys cvt4j accepts but does not use are tagged {@code (unused)}.
 * The model, test and input settings are built as every other command builds them, so a value that
 * is invalid there fails here too (exit 1, one line naming the file and the key).
 */
@Command(
        name = "config",
        description = "Print the resolved configuration; * marks values that differ from the" + " official default.")
final class ConfigCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Parameters(
            arity = "0..*",
            paramLabel = "KEY=VALUE",
            description = "Overrides applied in order after the file and --image-size, e.g. TRAIN.LR=0.001"
                    + " TEST.IMAGE_SIZE=[384,384].")
    List<String> overrides = List.of();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String model = modelOptions.model;
        List<String> all = new ArrayList<>(modelOptions.imageSizeOverride());
        all.addAll(overrides);
        ConfigValues values = Experiments.values(model, all);
        Experiments.experiment(values, model);
        PrintWriter out = spec.commandLine().getOut();
        out.println("# " + model + ": * marks a value that differs from the official default");
        for (ConfigKey key : ConfigTable.keys()) {
            out.println(line(key, values));
        }
        out.flush();
        return 0;
    }

    private static String line(ConfigKey key, ConfigValues values) {
        String unused = key.used() ? "" : "  (unused)";
        if (!values.isSet(key.key()) && key.required()) {
            return "  " + key.key() + ": (unset)" + unused;
        }
        Object value = values.resolved(key.key());
        boolean differs = values.isSet(key.key()) && !Objects.equals(value, key.defaultValue());
        String text = (differs ? "* " : "  ") + key.key() + ": " + ConfigType.format(value);
        if (differs) {
            text += "  (default " + (key.required() ? "none" : ConfigType.format(key.defaultValue())) + ")";
        }
        return text + unused;
    }
}
