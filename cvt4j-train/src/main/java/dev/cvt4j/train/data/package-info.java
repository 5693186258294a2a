/**
 * The data side of the official CvT training recipe (microsoft/CvT {@code lib/dataset/build.py},
 * {@code lib/dataset/transformas/build.py}, the Mixup of {@code lib/core/function.py}, and the
 * timm 0.3.2 pipeline the official configs select), in plain Java on {@link
 * dev.cvt4j.image.RgbImage} and float CHW arrays.
 *
 * <p>Data flows one way: a {@link dev.cvt4j.train.data.LabeledImages} dataset ({@link
 * dev.cvt4j.train.data.ImageFolderDataset}, or the procedural {@link dev.cvt4j.train.data.ShapesDataset})
 * feeds a {@link dev.cvt4j.train.data.DataLoader}, whose workers run a {@link
 * dev.cvt4j.train.data.SampleTransform} per image ({@link dev.cvt4j.train.data.TrainTransforms}
 * builds the official one from the recipe's {@link dev.cvt4j.train.config.TrainConfig}); the training
 * loop then mixes each batch with {@link dev.cvt4j.train.data.Mixup} ({@code Mixup.of} the same recipe).
 *
 * <p>Every random decision comes from a stream derived by {@link dev.cvt4j.train.data.Seeds} from
 * the run seed and its position (epoch, sample, batch), so a run is reproducible for a seed
 * whatever the thread count, and resumes from {@code (epoch, batch)} without saved generator state.
 * The generators differ from Python's, so the numbers differ from a PyTorch run while the
 * distributions are the same.
 *
 * <p>Image operations follow Pillow 9.4 ({@link dev.cvt4j.train.data.PilOps}, {@link
 * dev.cvt4j.train.data.PilEnhance}, {@link dev.cvt4j.train.data.PilAffine}) down to rounding and
 * float32/double evaluation order; they are checked against hand-computed cases, not against
 * Pillow itself. Not modelled: AutoAugment and AugMix policies, RandAugment's weighted choice,
 * Gaussian blur, {@code RE_SPLIT}, Mixup modes other than {@code batch}, and the {@code FINETUNE}
 * transform; each is refused with a {@link dev.cvt4j.config.ConfigException} naming the field.
 *
 * <p>Depends on {@link dev.cvt4j.image}, {@link dev.cvt4j.eval} (the one ImageFolder listing, {@code
 * ImageFolderListing}), {@link dev.cvt4j.config} and the recipe ({@code dev.cvt4j.train.config}). Must
 * not depend on DJL, the network or the training loop: batches are plain float arrays.
 */
package dev.cvt4j.train.data;
