package dev.cvt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options of every {@code cvt} command follow one set of conventions, checked on picocli's model of
 * the whole command tree: one spelling per concept ({@code --batch-size}, {@code --image-size}), one
 * type per option name, shared options declared once in a mixin, defaults rendered by picocli; and a
 * bad value is a one-line usage error (exit 2).
 */
class CliOptionsTest {
    private static final Path ROOT = CvtProcess.fixtures();
    private static final String TINY_SPEC = ROOT.resolve("cvt-tiny/spec.yaml").toString();
    private static final String TINY_PTH = ROOT.resolve("cvt-tiny/official.pth").toString();
    /** A default written into a description instead of {@code ${DEFAULT-VALUE}}. */
    private static final Pattern HARD_CODED_DEFAULT = Pattern.compile("\\(default:? [0-9]");

    @TempDir
    Path dir;

    /** Every command of the tree but the root, subcommands of subcommands included ({@code data shapes}). */
    private static List<CommandLine> commands(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        for (CommandLine sub : root.getSubcommands().values()) {
            all.add(sub);
            all.addAll(commands(sub));
        }
        return all;
    }

    private static List<CommandLine> commands() {
        return commands(new CommandLine(new CvtCli()));
    }

    private static String where(CommandLine command, OptionSpec option) {
        return command.getCommandSpec().qualifiedName() + " " + option.longestName();
    }

    @Test
    void batchAndImageSizesHaveOneSpellingAndEveryValueALabel() {
        for (CommandLine command : commands()) {
            for (OptionSpec option : command.getCommandSpec().options()) {
                for (String name : option.names()) {
                    if (name.contains("batch")) {
                        assertTrue(
                                name.endsWith("batch-size"),
                                where(command, option) + ": a batch size is --*batch-size");
                    }
                    if (name.contains("size") && !name.contains("batch")) {
                        assertEquals("--image-size", name, where(command, option) + ": an image size is --image-size");
                    }
                    assertFalse(
                            List.of("--size", "--batch", "-b", "--resolution", "--img-size")
                                    .contains(name),
                            where(command, option) + ": old spelling " + name);
                }
                if (!option.usageHelp() && !option.versionHelp()) {
                    assertEquals(1, option.names().length, where(command, option) + ": one name, no alias");
                }
                if (option.arity().max() > 0) {
                    assertFalse(
                            option.paramLabel().startsWith("<"),
                            where(command, option) + ": a parameter label (N, FILE, ...), not " + option.paramLabel());
                }
            }
        }
    }

    @Test
    void anOptionNameHasOneTypeAcrossCommands() {
        Map<String, Class<?>> types = new HashMap<>();
        Map<String, String> firstSeen = new HashMap<>();
        for (CommandLine command : commands()) {
            for (OptionSpec option : command.getCommandSpec().options()) {
                Class<?> type = boxed(option.auxiliaryTypes()[0]); // the element type of a list
                Class<?> seen = types.putIfAbsent(option.longestName(), type);
                firstSeen.putIfAbsent(
                        option.longestName(), command.getCommandSpec().qualifiedName());
                if (seen != null) {
                    assertEquals(
                            seen,
                            type,
                            where(command, option) + " is " + type.getSimpleName() + " but " + seen.getSimpleName()
                                    + " in " + firstSeen.get(option.longestName()));
                }
            }
        }
    }

    private static Class<?> boxed(Class<?> type) {
        if (type == int.class) {
            return Integer.class;
        }
        if (type == long.class) {
            return Long.class;
        }
        if (type == double.class) {
            return Double.class;
        }
        return type == boolean.class ? Boolean.class : type;
    }

    @Test
    void everyDefaultIsRenderedByPicocli() {
        CommandLine raw = new CommandLine(new CvtCli());
        raw.setInterpolateVariables(false);
        List<CommandLine> rendered = commands();
        List<CommandLine> declared = commands(raw);
        for (int c = 0; c < declared.size(); c++) {
            CommandSpec spec = declared.get(c).getCommandSpec();
            for (OptionSpec option : spec.options()) {
                String description = String.join(" ", option.description());
                assertFalse(
                        HARD_CODED_DEFAULT.matcher(description).find(),
                        where(declared.get(c), option) + ": default written by hand: " + description);
                if (option.defaultValue() == null) {
                    continue;
                }
                assertTrue(
                        description.contains("${DEFAULT-VALUE}"),
                        where(declared.get(c), option) + " has a default; its description must show ${DEFAULT-VALUE}");
                String help = rendered.get(c)
                        .getUsageMessage(CommandLine.Help.Ansi.OFF)
                        .replaceAll("\\s+", " ");
                assertTrue(
                        help.contains("(default " + option.defaultValue()),
                        where(declared.get(c), option) + ": help lacks its default " + option.defaultValue());
            }
        }
    }

    @Test
    void sharedOptionsComeFromTheirMixins() {
        int weightCommands = 0;
        for (CommandLine command : commands()) {
            CommandSpec spec = command.getCommandSpec();
            if (spec.findOption("--weights") != null) {
                weightCommands++;
                assertTrue(
                        hasMixin(spec, WeightsOption.class), spec.qualifiedName() + ": --weights from WeightsOption");
            }
            if (spec.findOption("--engine") != null) {
                assertTrue(hasMixin(spec, EngineOption.class), spec.qualifiedName() + ": --engine from EngineOption");
            }
            // A required --model is the preset-or-YAML of ModelOptions; cvt train's --model (presets only, one
            // of two exclusive sources with --config) and cvt preprocess's optional one are other options.
            OptionSpec model = spec.findOption("--model");
            if (model != null && model.required() && model.group() == null) {
                assertTrue(hasMixin(spec, ModelOptions.class), spec.qualifiedName() + ": --model from ModelOptions");
            }
        }
        assertEquals(8, weightCommands, "attention, classify, convert, eval, export, features, logits, serve");
    }

    private static boolean hasMixin(CommandSpec spec, Class<?> type) {
        return spec.mixins().values().stream().anyMatch(m -> type.isInstance(m.userObject()));
    }

    @Test
    void helpListsEveryCommandWithAOneLineDescription() throws Exception {
        CvtProcess.Result help = CvtProcess.run("--help");
        assertEquals(0, help.exit(), help.toString());
        for (CommandLine command :
                new CommandLine(new CvtCli()).getSubcommands().values()) {
            String[] description = command.getCommandSpec().usageMessage().description();
            String name = command.getCommandName();
            assertTrue(description.length > 0 && !description[0].isBlank(), name + " has no description");
            assertTrue(description[0].endsWith("."), name + ": the first line is one sentence: " + description[0]);
            String firstWords =
                    String.join(" ", List.of(description[0].split(" ")).subList(0, 2));
            assertTrue(
                    Pattern.compile("(?m)^  " + Pattern.quote(name) + " +" + Pattern.quote(firstWords))
                            .matcher(help.out())
                            .find(),
                    "cvt --help lists " + name + ":\n" + help.out());
        }
    }

    @Test
    void badValuesAreOneLineUsageErrors() throws Exception {
        String out = dir.resolve("out").toString();
        List<List<String>> cases = List.of(
                List.of(
                        "--batch-size, --seconds and --threads must be positive",
                        "bench",
                        "--model",
                        TINY_SPEC,
                        "--batch-size",
                        "1,0"),
                List.of("'x' is not an int", "bench", "--model", TINY_SPEC, "--batch-size", "x"),
                List.of("did you mean --batch-size", "bench", "--model", TINY_SPEC, "--batch", "8"),
                List.of(
                        "--image-size must be positive",
                        "classify",
                        "--model",
                        TINY_SPEC,
                        "--weights",
                        TINY_PTH,
                        "--image-size",
                        "0",
                        "x.png"),
                List.of("--image-size at least 16", "data", "shapes", "--output", out, "--image-size", "8"),
                List.of(
                        "--max-batch-size must be at least 1",
                        "serve",
                        "--model",
                        TINY_SPEC,
                        "--weights",
                        TINY_PTH,
                        "--max-batch-size",
                        "0"),
                List.of("Missing required option: '--weights=FILE'", "export", "--model", TINY_SPEC, "--output", out));
        for (List<String> c : cases) {
            CvtProcess.Result r = CvtProcess.run(c.subList(1, c.size()).toArray(String[]::new));
            assertEquals(2, r.exit(), r.toString());
            assertEquals(1, r.err().lines().count(), "one line:\n" + r);
            assertTrue(r.err().contains(c.get(0)) && r.err().contains("--help)"), r.toString());
        }
    }

    @Test
    void aMissingOrDirectoryCheckpointIsOneLineNamingIt() throws Exception {
        String missing = dir.resolve("absent.pth").toString();
        List<List<String>> cases = List.of(
                List.of(missing + ": no such file", "classify", "--model", TINY_SPEC, "--weights", missing, TINY_PTH),
                List.of(
                        dir + ": is a directory, not a checkpoint file",
                        "export",
                        "--model",
                        TINY_SPEC,
                        "--weights",
                        dir.toString(),
                        "--output",
                        dir.resolve("m.onnx").toString()),
                List.of(
                        missing + ": no such file",
                        "serve",
                        "--model",
                        TINY_SPEC,
                        "--weights",
                        missing,
                        "--port",
                        "0"));
        for (List<String> c : cases) {
            CvtProcess.Result r = CvtProcess.run(c.subList(1, c.size()).toArray(String[]::new));
            assertEquals(1, r.exit(), r.toString());
            assertEquals("cvt: " + c.get(0), r.err().strip(), r.toString());
        }
    }
}
