package dev.cvt4j.cli;

import picocli.CommandLine.Command;

/** {@code cvt data}: the group of dataset commands. */
@Command(name = "data", description = "Create training data.", subcommands = ShapesCommand.class)
final class DataCommand {}
