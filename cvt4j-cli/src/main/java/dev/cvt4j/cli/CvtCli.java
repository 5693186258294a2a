package dev.cvt4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code cvt} command: inspect, run, evaluate and convert CvT models from the shell.
 *
 * <p>Exit codes: 0 success, 1 failure (unreadable file, checkpoint that does not fit, ...), 2 usage
 * error (unknown flag, missing option, bad value). Errors are one line on stderr naming the file and
 * the problem (a usage error names the option, what was probably meant and the command's
 * {@code --help}); {@code --verbose} adds the stack trace. As a last line of defence, a
 * {@link StackOverflowError} or {@link OutOfMemoryError} that escapes a command is reported the same
 * way (exit 1); the readers of untrusted files already turn them into a refusal naming the file, and
 * every output is written atomically, so nothing is left half-written.
 */
@Command(
        name = "cvt",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Version.class,
        description = "Convolutional vision Transformer (CvT) on the JVM.",
        subcommands = {
            InfoCommand.class,
            ClassifyCommand.class,
            FeaturesCommand.class,
            AttentionCommand.class,
            LogitsCommand.class,
            ExportCommand.class,
            ConvertCommand.class,
            PreprocessCommand.class,
            EvalCommand.class,
            BenchCommand.class,
            DataCommand.class,
            TrainCommand.class,
            QuickstartCommand.class,
            ServeCommand.class,
            ConfigCommand.class,
            InspectCommand.class
        })
public final class CvtCli {
    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces with errors.")
    boolean verbose;

    /**
     * Runs the command line and exits with its code.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command line without exiting (for embedding and tests).
     *
     * @param args command-line arguments
     * @return the exit code
     */
    public static int run(String... args) {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        CommandLine cli = new CommandLine(new CvtCli());
        cli.setParameterExceptionHandler((e, arguments) -> usageError(e));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean verbose = false;
            for (ParseResult r = parseResult; r != null; r = r.subcommand()) {
                verbose |= r.hasMatchedOption("--verbose");
            }
            commandLine.getErr().println("cvt: " + Errors.describe(e));
            if (verbose) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        try {
            return cli.execute(args);
        } catch (StackOverflowError | OutOfMemoryError e) {
            cli.getErr().println("cvt: " + Errors.describe(e));
            cli.getErr().flush();
            return 1;
        }
    }

    /**
     * Reports a usage error in one line: picocli's message, the options a mistyped name was probably
     * meant to be, and the command whose {@code --help} lists the options.
     *
     * @param e the usage error
     * @return the exit code for invalid input, 2
     */
    private static int usageError(ParameterException e) {
        CommandLine command = e.getCommandLine();
        String message = Errors.describe(e);
        if (e instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            message += "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
        }
        command.getErr()
                .println("cvt: " + message + " (" + command.getCommandSpec().qualifiedName() + " --help)");
        command.getErr().flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }
}
