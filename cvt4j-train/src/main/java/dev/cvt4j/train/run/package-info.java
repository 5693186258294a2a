/**
 * A training run of the official recipe, end to end (microsoft/CvT {@code tools/train.py}): {@link
 * dev.cvt4j.train.run.Trainer} runs the epochs over a data root of ImageFolder trees ({@link
 * dev.cvt4j.train.run.TrainOptions}, {@code RunData}), validates with the
 * evaluation transform, and writes the run directory: {@link dev.cvt4j.train.run.TrainCheckpoint}s
 * (model, optimiser, {@link dev.cvt4j.train.run.RunState} and {@link dev.cvt4j.train.run.Provenance}),
 * the verbatim {@link dev.cvt4j.train.run.RunConfig}, {@code metrics.jsonl} ({@link
 * dev.cvt4j.train.run.MetricsLog}) and the plots ({@link dev.cvt4j.train.run.TrainingPlots}). A run
 * resumes exactly where it stopped, starts from trained weights ({@link
 * dev.cvt4j.train.run.FineTuning}), and stops cleanly on a diverged loss ({@link
 * dev.cvt4j.train.run.DivergedException}). Progress reaches the caller through a {@link
 * dev.cvt4j.train.run.TrainListener}.
 *
 * <p>Depends on the training packages ({@code dev.cvt4j.train}, its {@code config}, {@code data} and
 * {@code optim}), on {@link dev.cvt4j.model}, {@link dev.cvt4j.checkpoint}, {@link dev.cvt4j.config},
 * {@link dev.cvt4j.eval} and {@link dev.cvt4j.inference} (validation), on DJL, Jackson and XChart.
 * Must not depend on the command line: {@code cvt train} and {@code cvt quickstart} drive it through
 * its options and listener.
 */
package dev.cvt4j.train.run;
