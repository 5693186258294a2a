package dev.cvt4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvt4j.Fixtures;
import dev.cvt4j.checkpoint.StateDict;
import dev.cvt4j.checkpoint.TorchPickleReader;
import dev.cvt4j.config.CvtConfig;
import dev.cvt4j.config.Experiments;
import dev.cvt4j.config.Presets;
import dev.cvt4j.config.StageSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The explicit official-name table covers exactly the official key set, in official order. */
class OfficialNamesTest {

    static List<String> folders() {
        return Fixtures.modelFolders().stream()
                .map(p -> p.getFileName().toString())
                .toList();
    }

    /** Keys and order equal those of the fixture's official.pth, written by the official code. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("folders")
    void tableEqualsOfficialCheckpointKeys(String folder) {
        Path dir = Fixtures.path(folder);
        StateDict official = TorchPickleReader.read(dir.resolve("official.pth"));
        try (CvtModel model =
                CvtModel.create(Experiments.read(dir.resolve("spec.yaml")).model())) {
            assertEquals(
                    List.copyOf(official.keys()),
                    List.copyOf(OfficialNames.of(model.net()).keySet()));
        }
    }

    /** Keys, order and shapes equal the key table of the official model (fixtures README), for every preset. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cvt-13", "cvt-21", "cvt-w24"})
    void tableEqualsOfficialKeySetOfPreset(String preset) {
        CvtConfig config = Presets.get(preset).model();
        Map<String, long[]> expected = officialKeys(config);
        try (CvtModel model = CvtModel.create(config)) {
            Map<String, StateEntry> table = OfficialNames.of(model.net());
            assertEquals(List.copyOf(expected.keySet()), List.copyOf(table.keySet()));
            for (Map.Entry<String, StateEntry> e : table.entrySet()) {
                long[] shape = e.getValue() instanceof StateEntry.ParameterArray t
                        ? t.parameter().getArray().getShape().getShape()
                        : new long[0];
                assertArrayEquals(expected.get(e.getKey()), shape, e.getKey());
            }
        }
    }

    /** The official state-dict keys and shapes, written out from the fixtures README's key table. */
    private static Map<String, long[]> officialKeys(CvtConfig config) {
        Map<String, long[]> keys = new LinkedHashMap<>();
        long cPrev = 3;
        for (int i = 0; i < config.numStages(); i++) {
            StageSpec s = config.stage(i);
            long c = s.dimEmbed();
            long k = s.patchSize();
            String p = "stage" + i + ".";
            if (s.clsToken()) {
                keys.put(p + "cls_token", new long[] {1, 1, c});
            }
            keys.put(p + "patch_embed.proj.weight", new long[] {c, cPrev, k, k});
            keys.put(p + "patch_embed.proj.bias", new long[] {c});
            keys.put(p + "patch_embed.norm.weight", new long[] {c});
            keys.put(p + "patch_embed.norm.bias", new long[] {c});
            for (int j = 0; j < s.depth(); j++) {
                String b = p + "blocks." + j + ".";
                keys.put(b + "norm1.weight", new long[] {c});
                keys.put(b + "norm1.bias", new long[] {c});
                for (String qkv : List.of("q", "k", "v")) {
                    String cp = b + "attn.conv_proj_" + qkv + ".";
                    keys.put(cp + "conv.weight", new long[] {c, 1, 3, 3});
                    for (String bn : List.of("weight", "bias", "running_mean", "running_var")) {
                        keys.put(cp + "bn." + bn, new long[] {c});
                    }
                    keys.put(cp + "bn.num_batches_tracked", new long[0]);
                }
                for (String proj : List.of("proj_q", "proj_k", "proj_v", "proj")) {
                    keys.put(b + "attn." + proj + ".weight", new long[] {c, c});
                    keys.put(b + "attn." + proj + ".bias", new long[] {c});
                }
                keys.put(b + "norm2.weight", new long[] {c});
                keys.put(b + "norm2.bias", new long[] {c});
                keys.put(b + "mlp.fc1.weight", new long[] {4 * c, c});
                keys.put(b + "mlp.fc1.bias", new long[] {4 * c});
                keys.put(b + "mlp.fc2.weight", new long[] {c, 4 * c});
                keys.put(b + "mlp.fc2.bias", new long[] {c});
            }
            cPrev = c;
        }
        keys.put("norm.weight", new long[] {cPrev});
        keys.put("norm.bias", new long[] {cPrev});
        keys.put("head.weight", new long[] {config.numClasses(), cPrev});
        keys.put("head.bias", new long[] {config.numClasses()});
        return keys;
    }
}
