package dev.cvt4j.train.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvt4j.checkpoint.CheckpointException;
import dev.cvt4j.checkpoint.Checkpoints;
import dev.cvt4j.checkpoint.Safetensors;
import dev.cvt4j.checkpoint.SafetensorsFile;
import dev.cvt4j.checkpoint.StateDict;
import dev.cvt4j.checkpoint.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training checkpoint: the model's state dict (official names), the optimizer's state (moments
 * by official parameter name) and the {@link RunState}, in one safetensors file. Model tensors are
 * stored under {@code model.<official name>}, optimizer tensors under {@code optimizer.<name>}, the
 * run state and the provenance as JSON in the header's {@code __metadata__} under {@value #STATE_KEY}
 * and {@value #PROVENANCE_KEY}. The file is
 * written to a temporary file, fsynced and renamed, so a crash at any moment leaves the previous
 * checkpoint intact.
 *
 * <p>The model part is an ordinary checkpoint: {@link #model()} can be fed to {@code WeightLoader},
 * and {@code Checkpoints.read} (so {@code cvt classify --weights}) reads these files directly.
 *
 * @param model model tensors by official name
 * @param optimizer optimizer tensors by name
 * @param state where the run stands
 * @param provenance where the checkpoint came from ({@value #PROVENANCE_KEY}); null in a checkpoint
 *     written before cvt4j recorded it
 */
public record TrainCheckpoint(StateDict model, StateDict optimizer, RunState state, Provenance provenance) {
    /** The {@code __metadata__} key of the run state. */
    public static final String STATE_KEY = "cvt4j.run_state";
    /** The {@code __metadata__} key of the {@link Provenance}. */
    public static final String PROVENANCE_KEY = "cvt4j.provenance";

    private static final String MODEL = Checkpoints.TRAINING_MODEL_PREFIX;
    private static final String OPTIMIZER = Checkpoints.TRAINING_OPTIMIZER_PREFIX;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Writes the checkpoint atomically.
     *
     * @param file destination, e.g. {@code RUN/last.safetensors}
     * @throws CheckpointException naming the file when it cannot be written
     */
    public void save(Path file) {
        StateDict all = new StateDict();
        for (String k : model.keys()) {
            all.put(MODEL + k, model.get(k));
        }
        for (String k : optimizer.keys()) {
            all.put(OPTIMIZER + k, optimizer.get(k));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        try {
            metadata.put(STATE_KEY, JSON.writeValueAsString(state));
            if (provenance != null) {
                metadata.put(PROVENANCE_KEY, JSON.writeValueAsString(provenance));
            }
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file, "cannot encode the run state: " + e.getOriginalMessage(), e);
        }
        Safetensors.write(file, all, metadata);
    }

    /**
     * Reads a checkpoint written by {@link #save}.
     *
     * @param file the checkpoint
     * @return its parts
     * @throws CheckpointException naming the file when it is unreadable or not a training checkpoint
     */
    public static TrainCheckpoint load(Path file) {
        SafetensorsFile read = Safetensors.readFile(file);
        String json = read.metadata().get(STATE_KEY);
        if (json == null) {
            throw new CheckpointException(file, "not a cvt4j training checkpoint (no " + STATE_KEY + " in its header)");
        }
        RunState state;
        Provenance provenance;
        try {
            state = JSON.readValue(json, RunState.class);
            String origin = read.metadata().get(PROVENANCE_KEY);
            provenance = origin == null ? null : JSON.readValue(origin, Provenance.class);
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file, "malformed run state: " + e.getOriginalMessage(), e);
        }
        StateDict model = new StateDict();
        StateDict optimizer = new StateDict();
        for (Map.Entry<String, Tensor> e : read.stateDict().asMap().entrySet()) {
            if (e.getKey().startsWith(MODEL)) {
                model.put(e.getKey().substring(MODEL.length()), e.getValue());
            } else if (e.getKey().startsWith(OPTIMIZER)) {
                optimizer.put(e.getKey().substring(OPTIMIZER.length()), e.getValue());
            } else {
                throw new CheckpointException(file, "unexpected tensor '" + e.getKey() + "' in a training checkpoint");
            }
        }
        return new TrainCheckpoint(model, optimizer, state, provenance);
    }
}
