package dev.cvt4j.eval;

import dev.cvt4j.image.ImageTransform;
import dev.cvt4j.inference.CvtRunner;
import dev.cvt4j.inference.Labels;
import dev.cvt4j.inference.Preprocessing;
import dev.cvt4j.inference.TorchRunner;
import dev.cvt4j.model.CvtModel;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a classifier on an {@link ImageFolderListing} tree: the job of the official
 * {@code tools/test.py} ({@code lib/core/function.py: test}) and timm's {@code validate.py}.
 *
 * <p>Worker threads decode and transform images ({@link ImageLoader}) while the calling thread
 * runs the model ({@link CvtRunner}, on any {@link dev.cvt4j.inference.InferenceEngine}) on full batches,
 * each freeing its native memory when it returns. Results do not depend on thread timing: images are consumed in the
 * tree's order. Files that cannot be decoded are reported in the result and left out of the
 * metrics; a batch is filled with the next readable images.
 */
public final class Evaluator {
    /** The k of the top-k accuracy, capped at the class count. */
    public static final int TOP_K = 5;

    private final CvtRunner model;
    private final ImageTransform transform;
    private final int batchSize;
    private final int workers;

    /**
     * @param model the classifier; it is not closed
     * @param transform the evaluation transform, e.g. {@code Preprocessing.evalTransform(experiment)}
     * @param batchSize images per forward pass, positive
     * @param workers decoding threads, positive
     * @throws IllegalArgumentException if {@code batchSize} or {@code workers} is not positive
     */
    public Evaluator(CvtModel model, ImageTransform transform, int batchSize, int workers) {
        this(new TorchRunner(model), transform, batchSize, workers);
    }

    /**
     * @param model the classifier on its engine; it is not closed
     * @param transform the evaluation transform, e.g. {@code Preprocessing.evalTransform(experiment)}
     * @param batchSize images per forward pass, positive
     * @param workers decoding threads, positive
     * @throws IllegalArgumentException if {@code batchSize} or {@code workers} is not positive
     */
    public Evaluator(CvtRunner model, ImageTransform transform, int batchSize, int workers) {
        if (batchSize < 1 || workers < 1) {
            throw new IllegalArgumentException(
                    "batch size and workers must be positive, got " + batchSize + " and " + workers);
        }
        this.model = model;
        this.transform = transform;
        this.batchSize = batchSize;
        this.workers = workers;
    }

    /**
     * Classifies every image of {@code data} and scores the predictions against the folder labels,
     * by sorted folder position over all logits ({@link EvalProtocol#DEFAULT}).
     *
     * @param data the tree, with as many classes as the model
     * @param listener told about progress after every batch
     * @return the metrics
     * @throws DatasetException if the class count differs from the model's, or no image can be read
     * @throws InterruptedException if the calling thread is interrupted; the workers are stopped
     */
    public EvalResult evaluate(ImageFolderListing data, EvalListener listener) throws InterruptedException {
        return evaluate(data, EvalProtocol.DEFAULT, listener);
    }

    /**
     * Classifies every image of {@code data} and scores the predictions as {@code protocol} says:
     * folder labels mapped to class indices by its class map, over all logits or over the classes
     * present in the tree, and ReaL labels when it has them. Per-class results name the folders; a
     * 1000-class model gets the ImageNet-1k labels ({@link Labels#imagenet1k()}) as human-readable
     * names.
     *
     * @param data the tree
     * @param protocol the class map, logit restriction and ReaL labels
     * @param listener told about progress after every batch
     * @return the metrics
     * @throws DatasetException if the protocol does not fit the tree and model
     *     ({@link EvalProtocol#check}), or no image can be read
     * @throws dev.cvt4j.config.ConfigException if the protocol's map file cannot be used
     * @throws InterruptedException if the calling thread is interrupted; the workers are stopped
     */
    public EvalResult evaluate(ImageFolderListing data, EvalProtocol protocol, EvalListener listener)
            throws InterruptedException {
        int numClasses = model.config().numClasses();
        EvalProtocol.Resolved plan = protocol.resolve(data, numClasses);
        EvalMetrics metrics = EvalMetrics.of(plan);
        int total = data.samples().size();
        long start = System.nanoTime();
        try (ImageLoader loader = new ImageLoader(data.samples(), transform, workers, 2 * batchSize)) {
            int done = 0;
            while (loader.hasNext()) {
                List<LoadedImage> batch = new ArrayList<>(batchSize);
                while (batch.size() < batchSize && loader.hasNext()) {
                    LoadedImage image = loader.next();
                    done++;
                    if (image.error() == null) {
                        batch.add(image);
                    } else {
                        metrics.addUnreadable(image.sample().file().toString(), image.error());
                    }
                }
                if (!batch.isEmpty()) {
                    score(batch, plan, metrics);
                }
                listener.progress(done, total, metrics.top1());
            }
        }
        if (metrics.evaluated() == 0) {
            throw new DatasetException(data.root(), "none of the " + total + " images could be read");
        }
        return metrics.result(protocol, (System.nanoTime() - start) / 1e9);
    }

    /** One forward pass over {@code batch}. */
    private void score(List<LoadedImage> batch, EvalProtocol.Resolved plan, EvalMetrics metrics) {
        FloatBuffer pixels =
                Preprocessing.stack(batch.stream().map(LoadedImage::pixels).toList());
        float[] logits = model.logits(pixels, batch.size(), transform.height(), transform.width());
        for (int i = 0; i < batch.size(); i++) {
            ImageFolderListing.Sample sample = batch.get(i).sample();
            metrics.add(plan.score(sample.target(), sample.file().toString(), logits, i));
        }
    }
}
