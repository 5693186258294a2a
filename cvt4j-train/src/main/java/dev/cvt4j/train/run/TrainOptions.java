package dev.cvt4j.train.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How to run training, beyond the recipe.
 *
 * @param data the data root: ImageFolder trees {@code DATA/train} and {@code DATA/val} with the same classes
 * @param runDir the run directory: checkpoints, {@code config.yaml}, {@code metrics.jsonl}, plots
 * @param seed the seed every random decision derives from (ignored when resuming: the run's own is kept)
 * @param workers data loading threads, positive
 * @param resumeFrom the checkpoint to continue from, or empty for a new run
 * @param finetune pre-trained weights to start a new run from, or empty to start from scratch
 * @param freeze official-name prefixes of the parameters to freeze in a new run (a resumed run keeps its own)
 */
public record TrainOptions(
        Path data,
        Path runDir,
        long seed,
        int workers,
        Optional<Path> resumeFrom,
        Optional<Path> finetune,
        List<String> freeze) {

    /** @throws IllegalArgumentException when {@code workers < 1} or both a resume and a fine-tune source are given */
    public TrainOptions {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        if (resumeFrom.isPresent() && finetune.isPresent()) {
            throw new IllegalArgumentException("a run resumes from its checkpoint or fine-tunes new weights, not both");
        }
        freeze = List.copyOf(freeze);
    }

    /** {@code RUN/last.safetensors}, the checkpoint {@code --resume auto} continues from. */
    public Path lastCheckpoint() {
        return runDir.resolve(Trainer.LAST);
    }
}
