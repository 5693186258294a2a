/**
 * Evaluation of a CvT classifier on a labelled image tree such as the ImageNet validation set.
 *
 * <p>{@link dev.cvt4j.eval.ImageFolderListing} lists a {@code root/<class>/<image>} tree exactly as
 * torchvision's {@code ImageFolder} does (same class indices, same order);
 * {@link dev.cvt4j.eval.Evaluator} decodes and transforms the images on worker threads while the
 * model runs, and returns an {@link dev.cvt4j.eval.EvalResult}: top-1, top-5, cross-entropy loss,
 * throughput, per-class accuracy and the unreadable files. An {@link dev.cvt4j.eval.EvalProtocol}
 * takes the evaluation beyond the validation folder: a {@link dev.cvt4j.eval.ClassMap} from folder
 * names to class indices (WordNet ids, class numbers, a names file), logits restricted to the
 * classes present, and {@link dev.cvt4j.eval.RealLabels} scored beside the folder labels.
 *
 * <p>Depends on {@link dev.cvt4j.image}, {@link dev.cvt4j.inference} (a {@code CvtRunner} runs the
 * batches; {@code Labels}, {@code Preprocessing}) and {@link dev.cvt4j.model}; it passes on the {@code
 * ConfigException} of {@link dev.cvt4j.config} that a class-names file raises. Must not depend on the
 * command line, training or serving; the CLI, the Trainer's validation and Spark's evaluation build on
 * it.
 */
package dev.cvt4j.eval;
