/**
 * The CvT network (Wu et al., "CvT: Introducing Convolutions to Vision Transformers", ICCV 2021;
 * microsoft/CvT {@code lib/models/cls_cvt.py}) as DJL blocks, its weights, and what its forward pass
 * returns.
 *
 * <p>The network: {@link dev.cvt4j.model.Cvt} ({@code ConvolutionalVisionTransformer}) of
 * {@link dev.cvt4j.model.CvtStage}s ({@code VisionTransformer}), each a {@link dev.cvt4j.model.ConvEmbed}
 * followed by {@link dev.cvt4j.model.ConvTransformerBlock}s ({@code Block}: {@link dev.cvt4j.model.ConvAttention}
 * with its {@link dev.cvt4j.model.ConvProjection}s, {@link dev.cvt4j.model.Mlp}, {@link dev.cvt4j.model.DropPath},
 * {@link dev.cvt4j.model.QuickGelu}); the official initialisation ({@code OfficialInit}) and
 * state-dict names ({@link dev.cvt4j.model.OfficialNames}, {@link dev.cvt4j.model.StateEntry}); and weight
 * loading ({@link dev.cvt4j.model.WeightLoader}: a checkpoint's state dict into the network, strictly, and
 * back). The entry point is {@link dev.cvt4j.model.CvtModel}, the network with its native memory:
 * {@code create}, {@code logits}, {@code features}, {@code attention}. What the forward pass returns:
 * {@link dev.cvt4j.model.CvtFeatures}, and, on request through an {@link dev.cvt4j.model.AttentionProbe} for
 * a block named by a {@link dev.cvt4j.model.BlockRef}, an {@link dev.cvt4j.model.AttentionMap} whose tokens
 * sit in the image as {@link dev.cvt4j.model.TokenGeometry} says. The helpers of the forward pass:
 * {@code Scopes} and {@code Chunks} (native memory),
 * {@code Layers}, {@link dev.cvt4j.model.Tokens}, {@link dev.cvt4j.model.Scalars} and
 * {@link dev.cvt4j.model.GridParam}.
 *
 * <p>Depends on DJL (on the PyTorch engine at run time), {@link dev.cvt4j.config} (what a network is:
 * {@code CvtConfig}, {@code StageSpec}) and {@link dev.cvt4j.checkpoint} (the state dicts weight loading
 * reads and writes). Must not depend on anything above it: images, evaluation, inference engines, ONNX,
 * training or the command line.
 */
package dev.cvt4j.model;
