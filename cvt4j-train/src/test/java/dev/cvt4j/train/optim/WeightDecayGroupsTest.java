package dev.cvt4j.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import dev.cvt4j.config.Presets;
import dev.cvt4j.model.CvtModel;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The official {@code set_wd} rules beyond the fixture's grouping (which {@code TrainStepParityTest}
 * compares name by name): each list entry, the model's no-weight-decay names, frozen parameters.
 */
class WeightDecayGroupsTest {

    @Test
    void officialListOnCvt13() {
        try (CvtModel model = CvtModel.create(Presets.get("cvt-13").model())) {
            WeightDecayGroups g = WeightDecayGroups.of(model.net(), List.of("bn", "bias", "ln"));
            assertEquals(
                    model.net().parameterCount(),
                    size(g.decay().values()) + size(g.noDecay().values()),
                    "every trainable parameter in exactly one group");
            assertTrue(g.noDecay().containsKey("stage2.cls_token"));
            assertTrue(
                    g.decay().containsKey("stage2.blocks.9.attn.conv_proj_v.conv.weight"), "'dw' not listed: decays");
            assertTrue(g.noDecay().containsKey("stage2.blocks.9.attn.conv_proj_v.bn.weight"));
            assertTrue(g.noDecay().containsKey("norm.weight"));
            assertTrue(g.decay().containsKey("head.weight"));
        }
    }

    @Test
    void eachEntrySelectsItsModules() {
        try (CvtModel model = CvtModel.create(Presets.get("cvt-13").model())) {
            WeightDecayGroups none = WeightDecayGroups.of(model.net(), List.of());
            assertEquals(
                    List.of("stage2.cls_token"),
                    List.copyOf(none.noDecay().keySet()),
                    "with an empty list only no_weight_decay() names are exempt");

            WeightDecayGroups dw = WeightDecayGroups.of(model.net(), List.of("dw"));
            assertTrue(dw.noDecay().keySet().stream()
                    .filter(n -> !n.endsWith("cls_token"))
                    .allMatch(n -> n.matches(".*conv_proj_[qkv]\\.conv\\.weight")));
            assertEquals(3 * 13 + 1, dw.noDecay().size(), "three depthwise convolutions per block, plus cls_token");

            WeightDecayGroups ln = WeightDecayGroups.of(model.net(), List.of("ln"));
            assertTrue(ln.noDecay().containsKey("stage0.patch_embed.norm.bias"));
            assertTrue(ln.noDecay().containsKey("stage1.blocks.1.norm2.weight"));
            assertTrue(ln.decay().containsKey("stage1.blocks.1.attn.conv_proj_q.bn.weight"), "BatchNorm is 'bn'");

            WeightDecayGroups bias = WeightDecayGroups.of(model.net(), List.of("bias"));
            assertTrue(bias.noDecay().containsKey("stage1.blocks.1.norm2.bias"), "matched by name");
            assertTrue(bias.decay().containsKey("stage1.blocks.1.norm2.weight"));

            WeightDecayGroups gn = WeightDecayGroups.of(model.net(), List.of("gn"));
            assertEquals(none.noDecay().keySet(), gn.noDecay().keySet(), "CvT has no GroupNorm");
        }
    }

    @Test
    void frozenParametersAreLeftOut() {
        try (CvtModel model = CvtModel.create(Presets.get("cvt-13").model())) {
            model.net().stages().get(0).freezeParameters(true);
            WeightDecayGroups g = WeightDecayGroups.of(model.net(), List.of("bn", "bias", "ln"));
            assertFalse(g.decay().keySet().stream().anyMatch(n -> n.startsWith("stage0.")));
            assertFalse(g.noDecay().keySet().stream().anyMatch(n -> n.startsWith("stage0.")));
            assertTrue(g.decay().containsKey("stage1.patch_embed.proj.weight"));
        }
    }

    @Test
    void rejectsUnknownEntries() {
        try (CvtModel model = CvtModel.create(Presets.get("cvt-13").model())) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> WeightDecayGroups.of(model.net(), List.of("bais")));
            assertTrue(e.getMessage().contains("'bais'"), e.getMessage());
        }
    }

    private static long size(Collection<Parameter> params) {
        return params.stream().mapToLong(p -> p.getShape().size()).sum();
    }
}
