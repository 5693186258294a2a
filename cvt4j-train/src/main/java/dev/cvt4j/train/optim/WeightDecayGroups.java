package dev.cvt4j.train.optim;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import dev.cvt4j.model.Cvt;
import dev.cvt4j.model.OfficialNames;
import dev.cvt4j.model.StateEntry;
import dev.cvt4j.train.config.TrainSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The official split of the trainable parameters into a decaying and a non-decaying group
 * ({@code set_wd} in microsoft/CvT {@code lib/optim/build.py}). Going through the parameters in
 * {@code named_parameters()} order and skipping frozen ones, a parameter gets no weight decay when
 * <ol>
 *   <li>its name contains one of the model's {@code no_weight_decay()} names
 *       ({@code stage{i}.cls_token}, {@code stage{i}.pos_embed}), or
 *   <li>it is the weight of a depthwise convolution ({@code groups == in == out}) and {@code dw} is in
 *       {@code WITHOUT_WD_LIST}, or
 *   <li>it is the weight or bias of a BatchNorm ({@code bn}), GroupNorm ({@code gn}) or LayerNorm
 *       ({@code ln}) named in {@code WITHOUT_WD_LIST} (matched by module type, not by name), or
 *   <li>{@code bias} is in {@code WITHOUT_WD_LIST} and its name ends with {@code .bias}.
 * </ol>
 * Everything else decays. The rule looks at module types and names only, never at a parameter's rank:
 * with the official {@code ['bn', 'bias', 'ln']} the depthwise q/k/v convolution weights decay. CvT has
 * no GroupNorm, so {@code gn} selects nothing.
 *
 * @param decay official name to parameter, in {@code named_parameters()} order
 * @param noDecay official name to parameter, in {@code named_parameters()} order
 */
public record WeightDecayGroups(Map<String, Parameter> decay, Map<String, Parameter> noDecay) {

    /** Makes both maps unmodifiable, keeping their order. */
    public WeightDecayGroups {
        decay = Collections.unmodifiableMap(new LinkedHashMap<>(decay));
        noDecay = Collections.unmodifiableMap(new LinkedHashMap<>(noDecay));
    }

    /**
     * Splits a network's trainable parameters as the official {@code set_wd} does.
     *
     * @param net the network
     * @param withoutWdList {@code TRAIN.WITHOUT_WD_LIST}: any of {@link TrainSpec#WITHOUT_WD_ENTRIES}
     * @return the two groups
     * @throws IllegalArgumentException for an entry not in {@link TrainSpec#WITHOUT_WD_ENTRIES}
     */
    public static WeightDecayGroups of(Cvt net, List<String> withoutWdList) {
        for (String entry : withoutWdList) {
            if (!TrainSpec.WITHOUT_WD_ENTRIES.contains(entry)) {
                throw new IllegalArgumentException("unknown WITHOUT_WD_LIST entry '" + entry + "'");
            }
        }
        Set<Parameter> byModuleType = Collections.newSetFromMap(new IdentityHashMap<>());
        collectByModuleType(net, withoutWdList, byModuleType);
        List<String> skip = noWeightDecay(net.config().numStages());
        boolean bias = withoutWdList.contains("bias");
        Map<String, Parameter> decay = new LinkedHashMap<>();
        Map<String, Parameter> noDecay = new LinkedHashMap<>();
        for (Map.Entry<String, StateEntry> e : OfficialNames.of(net).entrySet()) {
            if (!(e.getValue() instanceof StateEntry.ParameterArray t)
                    || !t.parameter().requiresGradient()) {
                continue; // BatchNorm statistics and counters are buffers; frozen parameters are skipped
            }
            String name = e.getKey();
            boolean exempt = skip.stream().anyMatch(name::contains)
                    || byModuleType.contains(t.parameter())
                    || bias && name.endsWith(".bias");
            (exempt ? noDecay : decay).put(name, t.parameter());
        }
        return new WeightDecayGroups(decay, noDecay);
    }

    /**
     * The official {@code ConvolutionalVisionTransformer.no_weight_decay()}.
     *
     * @param numStages number of stages
     * @return {@code stage{i}.pos_embed} and {@code stage{i}.cls_token} for every stage
     */
    public static List<String> noWeightDecay(int numStages) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < numStages; i++) {
            names.add("stage" + i + ".pos_embed");
            names.add("stage" + i + ".cls_token");
        }
        return names;
    }

    /**
     * The two PyTorch parameter groups the official {@code build_optimizer} passes to the optimizer.
     *
     * @param weightDecay {@code TRAIN.WD}, for the decaying group
     * @return {@code [decay with weightDecay, noDecay with 0]}
     */
    public List<ParamGroup> paramGroups(double weightDecay) {
        return List.of(new ParamGroup(decay, weightDecay), new ParamGroup(noDecay, 0));
    }

    /** Adds the parameters that {@code set_wd} exempts by module type: depthwise conv weights, norm weights and biases. */
    private static void collectByModuleType(Block block, List<String> list, Set<Parameter> out) {
        if (block instanceof Conv2d conv && list.contains("dw") && isDepthwise(conv)) {
            out.add(conv.getParameters().get("weight"));
        } else if (block instanceof BatchNorm && list.contains("bn")
                || block instanceof LayerNorm && list.contains("ln")) {
            out.add(block.getParameters().get("gamma"));
            out.add(block.getParameters().get("beta"));
        }
        for (Block child : block.getChildren().values()) {
            collectByModuleType(child, list, out);
        }
    }

    /** Official {@code _is_depthwise}: {@code groups == in_channels == out_channels}; the weight is {@code (out, in / groups, kh, kw)}. */
    private static boolean isDepthwise(Conv2d conv) {
        long inPerGroup = conv.getParameters().get("weight").getShape().get(1);
        return inPerGroup == 1 && conv.getGroups() == conv.getFilters();
    }
}
