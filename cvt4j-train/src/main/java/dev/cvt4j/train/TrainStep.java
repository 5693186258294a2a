package dev.cvt4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.cvt4j.model.CvtModel;
import dev.cvt4j.model.Scalars;
import dev.cvt4j.train.config.TrainConfig;
import dev.cvt4j.train.loss.Loss;
import dev.cvt4j.train.optim.AdamW;
import dev.cvt4j.train.optim.GradientClipping;
import dev.cvt4j.train.optim.WeightDecayGroups;
import java.util.Collection;
import java.util.Set;

/**
 * One optimisation step of the official training loop ({@code train_one_epoch} in microsoft/CvT
 * {@code lib/core/function.py}), in two phases: {@link #accumulate} runs the network in training mode
 * (BatchNorm on batch statistics, running statistics updated; dropout and drop path active) on a
 * micro-batch, computes the loss and back-propagates it; {@link #apply} then clips the gradients
 * ({@code torch.nn.utils.clip_grad_norm_}, when enabled), takes an {@link AdamW} step and zeroes the
 * gradients. With {@code N} accumulation steps (a cvt4j extension; the official loop has {@code N = 1})
 * {@link #accumulate} is called {@code N} times per {@link #apply}, each loss scaled by {@code 1 / N}.
 *
 * <p>Every temporary array of a phase is freed when the phase returns (DJL {@link NDScope}); only the
 * returned logits survive, in the images' manager. Gradients live in the parameters' native tensors and
 * are zeroed in place, so native memory stays flat across steps.
 *
 * <p>DJL's PyTorch engine allows one gradient collector at a time in a JVM, so only one training step
 * may run at a time. Not thread-safe.
 */
public final class TrainStep implements AutoCloseable {
    private final CvtModel model;
    private final Loss loss;
    private final AdamW optimizer;
    private final Set<Parameter> trainable;
    private final double clipGradNorm;
    private final int accumulationSteps;
    private int pending;
    private double lossSum;

    /**
     * @param model the model to train (its parameters are updated in place)
     * @param loss the training criterion
     * @param optimizer the optimizer over the model's trainable parameters; this step owns and closes it
     * @param clipGradNorm the maximum total gradient norm, or 0 for no clipping ({@code TRAIN.CLIP_GRAD_NORM})
     * @param accumulationSteps micro-batches per optimisation step, at least 1
     * @throws IllegalArgumentException for a negative clipping norm or fewer than one accumulation step
     */
    public TrainStep(CvtModel model, Loss loss, AdamW optimizer, double clipGradNorm, int accumulationSteps) {
        if (!(clipGradNorm >= 0) || accumulationSteps < 1) {
            throw new IllegalArgumentException("need clipGradNorm >= 0 and accumulationSteps >= 1, got " + clipGradNorm
                    + " and " + accumulationSteps);
        }
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.trainable = Set.copyOf(optimizer.parameters().values());
        this.clipGradNorm = clipGradNorm;
        this.accumulationSteps = accumulationSteps;
    }

    /**
     * The training step of an official recipe: {@link Loss#of} for training, {@link AdamW#official} over
     * {@link WeightDecayGroups} with {@code TRAIN.WD} and {@code TRAIN.WITHOUT_WD_LIST},
     * {@code TRAIN.CLIP_GRAD_NORM} and {@code CVT4J.GRAD_ACCUM_STEPS}.
     *
     * @param model the model to train
     * @param config the recipe
     * @return the step; close it to free the optimizer state
     */
    public static TrainStep official(CvtModel model, TrainConfig config) {
        WeightDecayGroups groups =
                WeightDecayGroups.of(model.net(), config.train().withoutWdList());
        return new TrainStep(
                model,
                Loss.of(config, true),
                AdamW.official(groups, config.train().wd()),
                config.train().clipGradNorm(),
                config.cvt4j().gradAccumSteps());
    }

    /** The optimizer, e.g. to save or restore its state. */
    public AdamW optimizer() {
        return optimizer;
    }

    /** Micro-batches per optimisation step. */
    public int accumulationSteps() {
        return accumulationSteps;
    }

    /**
     * Forward in training mode, loss, backward: adds this micro-batch's gradient (scaled by
     * {@code 1 / accumulationSteps}) to the parameters' gradients.
     *
     * @param images {@code (B, 3, H, W)} normalised float32 images
     * @param targets what the loss takes: {@code (B)} int64 class indices, or {@code (B, classes)}
     *     probabilities for the soft-target loss
     * @return the loss and the detached logits, in {@code images}' manager
     * @throws NonFiniteLossException when the loss is NaN or infinite; the gradients accumulated for this
     *     step are then discarded
     * @throws IllegalStateException when {@code accumulationSteps} micro-batches are already pending
     */
    public MicroBatchResult accumulate(NDArray images, NDArray targets) {
        if (pending == accumulationSteps) {
            throw new IllegalStateException(pending + " micro-batches are pending: call apply() first");
        }
        for (Parameter p : model.net().getParameters().values()) {
            // Loading weights replaces the arrays' tensors, which drops their requires-grad flag.
            p.getArray().setRequiresGradient(trainable.contains(p));
        }
        try (NDScope scope = new NDScope();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits = model.net()
                    .forward(model.parameterStore(), new NDList(images), true)
                    .singletonOrThrow();
            NDArray value = loss.forward(logits, targets);
            float lossValue = value.getFloat();
            if (!Float.isFinite(lossValue)) {
                discard();
                throw new NonFiniteLossException(optimizer.steps() + 1, lossValue);
            }
            collector.backward(accumulationSteps == 1 ? value : value.div(Scalars.of(value, accumulationSteps)));
            NDArray detached = logits.stopGradient();
            NDScope.unregister(detached);
            detached.attach(images.getManager());
            pending++;
            lossSum += lossValue;
            return new MicroBatchResult(lossValue, detached);
        }
    }

    /**
     * Clips the accumulated gradients (when enabled), updates the parameters with the optimizer and
     * zeroes the gradients.
     *
     * @param lr the learning rate of this step, e.g. {@code LrSchedule.lr(epoch)}
     * @return the step count, mean loss and gradient norm
     * @throws IllegalStateException unless exactly {@code accumulationSteps} micro-batches are pending
     */
    public StepResult apply(double lr) {
        if (pending != accumulationSteps) {
            throw new IllegalStateException(
                    "apply() needs " + accumulationSteps + " accumulated micro-batches, got " + pending);
        }
        Collection<Parameter> params = optimizer.parameters().values();
        double norm = clipGradNorm > 0 ? GradientClipping.clipGradNorm(params, clipGradNorm) : Double.NaN;
        optimizer.step(lr);
        StepResult result = new StepResult(optimizer.steps(), lossSum / pending, norm);
        discard();
        return result;
    }

    /** Zeroes the gradients in place (NaN and infinities included) and forgets the pending micro-batches. */
    private void discard() {
        try (NDScope scope = new NDScope()) {
            for (Parameter p : optimizer.parameters().values()) {
                p.getArray().getGradient().set(new NDIndex("..."), 0f);
            }
        }
        pending = 0;
        lossSum = 0;
    }

    /** Frees the optimizer state. */
    @Override
    public void close() {
        optimizer.close();
    }
}
