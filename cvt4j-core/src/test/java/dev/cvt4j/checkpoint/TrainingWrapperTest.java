package dev.cvt4j.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvt4j.Fixtures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cvt4j training checkpoint (model.* and optimizer.* keys) reads as its model part. */
class TrainingWrapperTest {
    @TempDir
    Path dir;

    @Test
    void modelPartOfATrainingCheckpoint() {
        StateDict official = Checkpoints.read(Fixtures.path("cvt-tiny", "official.pth"));
        StateDict training = new StateDict();
        for (String k : official.keys()) {
            training.put(Checkpoints.TRAINING_MODEL_PREFIX + k, official.get(k));
            training.put(Checkpoints.TRAINING_OPTIMIZER_PREFIX + "exp_avg." + k, official.get(k));
        }
        Path file = dir.resolve("last.safetensors");
        Safetensors.write(file, training);
        StateDict read = Checkpoints.read(file);
        assertEquals(List.copyOf(official.keys()), List.copyOf(read.keys()));
        for (String k : official.keys()) {
            assertEquals(official.get(k), read.get(k), k);
        }
    }
}
