package dev.cvt4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvt4j.checkpoint.CheckpointFormat;
import dev.cvt4j.checkpoint.CheckpointLayout;
import dev.cvt4j.checkpoint.Checkpoints;
import dev.cvt4j.checkpoint.Safetensors;
import dev.cvt4j.checkpoint.SafetensorsFile;
import dev.cvt4j.checkpoint.StateDict;
import dev.cvt4j.checkpoint.TorchPickleReader;
import dev.cvt4j.config.CvtConfig;
import dev.cvt4j.config.Presets;
import dev.cvt4j.config.StageSpec;
import dev.cvt4j.train.run.TrainCheckpoint;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cvt inspect CHECKPOINT}: what a weights file is, without a model: its format (by content),
 * key layout (official or HuggingFace), tensor count, parameter count, the architecture its tensor
 * shapes give (stages, {@code DIM_EMBED}, {@code DEPTH}, {@code PATCH_SIZE}, class tokens,
 * {@code NUM_CLASSES}) and the preset that architecture is, and for a cvt4j training checkpoint the
 * run position and the provenance ({@code cvt4j.provenance} in the safetensors {@code __metadata__}).
 * Works on official {@code .pth} files, HuggingFace {@code .safetensors}/{@code .bin} files and cvt4j
 * checkpoints alike. The file is read whole (twice: as stored, and as official weights).
 */
@Command(name = "inspect", description = "Format, layout, tensors, parameters, the model it fits and its provenance.")
final class InspectCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(paramLabel = "CHECKPOINT", description = "A .safetensors, .pth, .pt, .bin or .ckpt file.")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CheckpointFormat format = CheckpointFormat.sniff(file);
        SafetensorsFile safetensors = format == CheckpointFormat.SAFETENSORS ? Safetensors.readFile(file) : null;
        StateDict stored = safetensors != null ? safetensors.stateDict() : TorchPickleReader.read(file);
        Map<String, String> metadata = safetensors != null ? safetensors.metadata() : Map.of();
        StateDict weights = Checkpoints.read(file);
        PrintWriter out = spec.commandLine().getOut();
        out.println("file:        " + file);
        out.println("format:      " + format.name().toLowerCase());
        out.println(
                "layout:      " + CheckpointLayout.detect(stored.keys()).name().toLowerCase()
                        + (metadata.containsKey(TrainCheckpoint.STATE_KEY) ? " (cvt4j training checkpoint)" : ""));
        out.printf("tensors:     %,d (%,d model)%n", stored.size(), weights.size());
        out.printf("parameters:  %,d%n", parameters(weights));
        out.println("model:       " + architecture(weights));
        if (metadata.containsKey(TrainCheckpoint.STATE_KEY)) {
            JsonNode state = JSON.readTree(metadata.get(TrainCheckpoint.STATE_KEY));
            out.printf(
                    "run:         epoch %d, batch %d, %d optimizer steps, best top-1 %s%n",
                    state.get("epoch").asInt(),
                    state.get("batch").asInt(),
                    state.get("optimizerSteps").asLong(),
                    state.get("bestTop1").asText());
        }
        String provenance = metadata.get(TrainCheckpoint.PROVENANCE_KEY);
        if (provenance != null) {
            out.println("provenance:");
            for (Iterator<Map.Entry<String, JsonNode>> it =
                            JSON.readTree(provenance).fields();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String value = e.getValue().isTextual()
                        ? e.getValue().asText()
                        : e.getValue().toString();
                out.printf("  %-16s %s%n", e.getKey(), value);
            }
        }
        out.flush();
        return 0;
    }

    /** Learnable values: every tensor but the BatchNorm running statistics. */
    private static long parameters(StateDict weights) {
        return weights.asMap().entrySet().stream()
                .filter(e -> !e.getKey().endsWith(".running_mean")
                        && !e.getKey().endsWith(".running_var")
                        && !e.getKey().endsWith(".num_batches_tracked"))
                .mapToLong(e -> e.getValue().numel())
                .sum();
    }

    /** The architecture the official tensor names and shapes give, and the preset it is, if any. */
    private static String architecture(StateDict w) {
        List<Integer> dims = new ArrayList<>();
        List<Integer> depths = new ArrayList<>();
        List<Integer> patches = new ArrayList<>();
        List<Boolean> cls = new ArrayList<>();
        for (int i = 0; w.contains("stage" + i + ".patch_embed.proj.weight"); i++) {
            long[] proj = w.get("stage" + i + ".patch_embed.proj.weight").shape();
            dims.add((int) proj[0]);
            patches.add((int) proj[2]);
            int depth = 0;
            while (w.contains("stage" + i + ".blocks." + depth + ".attn.proj.weight")) {
                depth++;
            }
            depths.add(depth);
            cls.add(w.contains("stage" + i + ".cls_token"));
        }
        int classes = w.contains("head.weight") ? (int) w.get("head.weight").shape()[0] : 0;
        String text = dims.size() + " stages, DIM_EMBED " + dims + ", DEPTH " + depths + ", PATCH_SIZE " + patches
                + ", CLS_TOKEN " + cls + ", NUM_CLASSES " + classes;
        for (String name : Presets.names()) {
            CvtConfig preset = Presets.get(name).model();
            List<StageSpec> s = preset.stages();
            if (s.stream().map(StageSpec::dimEmbed).toList().equals(dims)
                    && s.stream().map(StageSpec::depth).toList().equals(depths)
                    && s.stream().map(StageSpec::patchSize).toList().equals(patches)
                    && s.stream().map(StageSpec::clsToken).toList().equals(cls)) {
                return text + "; fits --model " + name
                        + (classes == preset.numClasses()
                                ? ""
                                : " with its NUM_CLASSES set to " + classes + " (an experiment file)");
            }
        }
        return text + "; no preset: use the experiment file it was trained with (NUM_HEADS is not in the weights)";
    }
}
