package dev.cvt4j.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.cvt4j.config.ProjectionMethod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one explicit table from the model's parameters to their official state-dict names
 * ({@code stage0.patch_embed.proj.weight}, {@code stage2.blocks.3.attn.conv_proj_k.bn.running_var},
 * {@code norm.bias}, {@code head.weight}, ...), in the order PyTorch's {@code state_dict()} lists
 * them. DJL prefixes child names with their index ({@code 01stage0_...}), so official names cannot
 * be derived from DJL's parameter paths; this table is written out by hand instead.
 *
 * <p>Order follows PyTorch's module registration: a module's own parameters first (a stage's
 * {@code cls_token}), then its children in registration order; BatchNorm lists weight, bias,
 * running_mean, running_var, num_batches_tracked.
 */
public final class OfficialNames {
    private OfficialNames() {}

    /**
     * @param cvt the network
     * @return official name to entry, in official state-dict order
     */
    public static Map<String, StateEntry> of(Cvt cvt) {
        Map<String, StateEntry> table = new LinkedHashMap<>();
        List<CvtStage> stages = cvt.stages();
        for (int i = 0; i < stages.size(); i++) {
            CvtStage stage = stages.get(i);
            String s = "stage" + i + ".";
            if (stage.clsToken() != null) {
                table.put(s + "cls_token", new StateEntry.ParameterArray(stage.clsToken()));
            }
            weightAndBias(table, s + "patch_embed.proj", stage.patchEmbed().proj());
            layerNorm(table, s + "patch_embed.norm", stage.patchEmbed().norm());
            List<ConvTransformerBlock> blocks = stage.blocks();
            for (int j = 0; j < blocks.size(); j++) {
                block(table, s + "blocks." + j + ".", blocks.get(j));
            }
        }
        layerNorm(table, "norm", cvt.norm());
        weightAndBias(table, "head", cvt.head());
        return table;
    }

    private static void block(Map<String, StateEntry> table, String b, ConvTransformerBlock block) {
        layerNorm(table, b + "norm1", block.norm1());
        ConvAttention attn = block.attn();
        projection(table, b + "attn.conv_proj_q", attn.convProjQ());
        projection(table, b + "attn.conv_proj_k", attn.convProjK());
        projection(table, b + "attn.conv_proj_v", attn.convProjV());
        weightAndBias(table, b + "attn.proj_q", attn.projQ());
        weightAndBias(table, b + "attn.proj_k", attn.projK());
        weightAndBias(table, b + "attn.proj_v", attn.projV());
        weightAndBias(table, b + "attn.proj", attn.proj());
        layerNorm(table, b + "norm2", block.norm2());
        weightAndBias(table, b + "mlp.fc1", block.mlp().fc1());
        weightAndBias(table, b + "mlp.fc2", block.mlp().fc2());
    }

    private static void projection(Map<String, StateEntry> table, String name, ConvProjection p) {
        if (p == null || p.method() != ProjectionMethod.DW_BN) {
            return; // no projection, or average pooling: nothing to store
        }
        weightAndBias(table, name + ".conv", p.conv());
        Map<String, Parameter> bn = p.bn().getParameters().toMap();
        put(table, name + ".bn.weight", bn.get("gamma"));
        put(table, name + ".bn.bias", bn.get("beta"));
        put(table, name + ".bn.running_mean", bn.get("runningMean"));
        put(table, name + ".bn.running_var", bn.get("runningVar"));
        table.put(name + ".bn.num_batches_tracked", new StateEntry.BatchCounter(p));
    }

    private static void weightAndBias(Map<String, StateEntry> table, String name, Block block) {
        Map<String, Parameter> params = block.getParameters().toMap();
        put(table, name + ".weight", params.get("weight"));
        put(table, name + ".bias", params.get("bias"));
    }

    private static void layerNorm(Map<String, StateEntry> table, String name, Block block) {
        Map<String, Parameter> params = block.getParameters().toMap();
        put(table, name + ".weight", params.get("gamma"));
        put(table, name + ".bias", params.get("beta"));
    }

    private static void put(Map<String, StateEntry> table, String name, Parameter p) {
        if (p != null) {
            table.put(name, new StateEntry.ParameterArray(p));
        }
    }
}
