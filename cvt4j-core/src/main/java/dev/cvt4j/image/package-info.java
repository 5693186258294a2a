/**
 * Image input for CvT: decoding, resampling and the evaluation transform, reproducing the official
 * PyTorch pipeline (Pillow 9.4 + torchvision 0.14) value for value.
 *
 * <p>Data flows one way: {@link dev.cvt4j.image.ImageDecoder} (file to {@link
 * dev.cvt4j.image.RgbImage}, with the semantics of PIL's {@code Image.open(p).convert("RGB")}),
 * {@link dev.cvt4j.image.Resampler} (Pillow's {@code Image.resize}), then an {@link
 * dev.cvt4j.image.ImageTransform} such as {@link dev.cvt4j.image.EvalTransform} (resize, center
 * crop, {@link dev.cvt4j.image.Normalization} to a float32 CHW tensor). Plain Java, no DJL types.
 *
 * <p>Depends on {@link dev.cvt4j.untrusted} and the JDK's ImageIO (with the TwelveMonkeys plugins)
 * only. Must not depend on DJL, the configuration, the network or inference.
 */
package dev.cvt4j.image;
