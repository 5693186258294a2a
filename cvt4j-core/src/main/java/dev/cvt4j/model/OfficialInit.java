package dev.cvt4j.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.initializer.XavierInitializer.FactorType;
import ai.djl.training.initializer.XavierInitializer.RandomType;

/**
 * The weight initialisation of a freshly built model, after the official
 * {@code VisionTransformer._init_weights_trunc_normal} / {@code _init_weights_xavier}:
 * Linear weights truncated normal with std 0.02 ({@code trunc_norm}) or Xavier uniform
 * ({@code xavier}), every bias zero, LayerNorm/BatchNorm scale one and shift zero, class tokens
 * truncated normal with std 0.02, and convolution weights as PyTorch's default
 * (Kaiming uniform with a = sqrt(5), i.e. uniform in {@code +-1/sqrt(fan_in)}).
 *
 * <p>Two small deviations, irrelevant for training from scratch: DJL's truncated normal cuts at two
 * standard deviations where timm's {@code trunc_normal_(std=.02)} cuts at +-2 (practically never),
 * and convolution biases start at zero where PyTorch draws them uniformly.
 */
final class OfficialInit {
    private OfficialInit() {}

    static void apply(Cvt cvt) {
        boolean xavier = cvt.config().init().equals("xavier");
        Initializer linear = xavier
                ? new XavierInitializer(RandomType.UNIFORM, FactorType.AVG, 3f)
                : new TruncatedNormalInitializer(0.02f);
        Initializer conv = new XavierInitializer(RandomType.UNIFORM, FactorType.IN, 1f);
        cvt.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
        visit(cvt, linear, conv);
    }

    private static void visit(Block block, Initializer linear, Initializer conv) {
        if (block instanceof Linear) {
            block.setInitializer(linear, Parameter.Type.WEIGHT);
        } else if (block instanceof Conv2d) {
            block.setInitializer(conv, Parameter.Type.WEIGHT);
        }
        for (Block child : block.getChildren().values()) {
            visit(child, linear, conv);
        }
    }
}
