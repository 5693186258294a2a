package dev.cvt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The README agrees with the code: its command table and docs/cli.md name every {@code cvt} command,
 * and CI ({@code .ci/run}) runs the test command the README gives.
 */
class ReadmeTest {
    /** The repository root: failsafe runs the tests in the module's directory. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    /** The commands a user types: {@code info}, ..., {@code data shapes} (a command with subcommands is a group). */
    private static List<String> commands(CommandLine parent, String prefix) {
        List<String> names = new ArrayList<>();
        for (CommandLine sub : parent.getSubcommands().values()) {
            String name = prefix + sub.getCommandName();
            if (sub.getSubcommands().isEmpty()) {
                names.add(name);
            } else {
                names.addAll(commands(sub, name + " "));
            }
        }
        return names;
    }

    @Test
    void readmeAndCliReferenceListEveryCommand() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String reference = Files.readString(ROOT.resolve("docs/cli.md"));
        List<String> commands = commands(new CommandLine(new CvtCli()), "");
        assertTrue(commands.contains("data shapes") && commands.contains("serve"), commands.toString());
        for (String command : commands) {
            String row = "| `cvt " + command;
            assertTrue(readme.contains(row), "README.md has no row for cvt " + command);
            assertTrue(reference.contains(row), "docs/cli.md has no row for cvt " + command);
        }
    }

    @Test
    void ciRunsTheReadmeTestCommand() throws IOException {
        Matcher m = Pattern.compile("(?m)^(mvn [^#\\n]*?)\\s+# the tests")
                .matcher(Files.readString(ROOT.resolve("README.md")));
        assertTrue(m.find(), "README.md gives the test command as 'mvn ...  # the tests'");
        List<String> ci = Files.readAllLines(ROOT.resolve(".ci/run"));
        assertEquals(m.group(1), ci.get(ci.size() - 1).strip(), ".ci/run ends with the README's test command");
    }
}
