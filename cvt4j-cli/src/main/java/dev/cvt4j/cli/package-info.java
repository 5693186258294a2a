/**
 * The {@code cvt} command line (picocli): {@link dev.cvt4j.cli.CvtCli} is the entry point ({@code
 * main}, exit codes 0, 1 and 2), with one class per subcommand ({@code InfoCommand}, {@code
 * ClassifyCommand}, {@code EvalCommand}, {@code TrainCommand}, {@code ServeCommand}, ...), the options
 * they share ({@code ModelOptions}, {@code EngineOption}) and {@code Errors}, which
 * turns every failure into the one-line message the command prints.
 *
 * <p>Depends on the library packages of cvt4j-core (all but {@code inference.djl}), on cvt4j-train
 * ({@code dev.cvt4j.train.*}) and cvt4j-serve ({@link dev.cvt4j.serve}), on picocli, Jackson,
 * progressbar and JLine. Nothing depends on it: it holds no logic another entry point (the Java API,
 * the server, Spark) would need, and must not grow any.
 */
package dev.cvt4j.cli;
