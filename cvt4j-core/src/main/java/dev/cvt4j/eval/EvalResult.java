package dev.cvt4j.eval;

import java.util.List;

/**
 * The outcome of an evaluation run, as timm's {@code validate.py} reports it (accuracies in
 * percent), plus per-class accuracy and the files that could not be read. Unreadable files are
 * left out of every metric. Record components serialise to JSON with Jackson.
 *
 * @param images the number of files in the run, readable or not
 * @param evaluated the number of images the model classified
 * @param topK the k of {@code top5}: 5, or the class count when there are fewer classes
 * @param top1 top-1 accuracy in percent: the highest logit is the target's
 * @param top5 top-k accuracy in percent: the target is among the {@code topK} highest logits
 * @param loss mean cross-entropy in nats, as {@code torch.nn.CrossEntropyLoss()} (mean of
 *     {@code logsumexp(logits) - logits[target]}), computed in double precision
 * @param seconds wall-clock time of the run, decoding included
 * @param imagesPerSecond {@code evaluated / seconds}
 * @param classes per-class results, by class index
 * @param unreadable the files that could not be decoded, in sample order
 */
public record EvalResult(int images, int evaluated, int topK, double top1, double top5, double loss, double seconds,
        double imagesPerSecond, List<ClassResult> classes, List<Unreadable> unreadable) {

    /**
     * Copies the lists.
     *
     * @param images the number of files
     * @param evaluated the number classified
     * @param topK the k of {@code top5}
     * @param top1 top-1 accuracy, percent
     * @param top5 top-k accuracy, percent
     * @param loss mean cross-entropy, nats
     * @param seconds wall-clock time
     * @param imagesPerSecond throughput
     * @param classes per-class results
     * @param unreadable unreadable files
     */
    public EvalResult {
        classes = List.copyOf(classes);
        unreadable = List.copyOf(unreadable);
    }

    /**
     * Accuracy of one class.
     *
     * @param index the class index
     * @param name the class folder name (an ImageNet WordNet id such as {@code n01440764})
     * @param label the human-readable name: the ImageNet-1k name for 1000-class models, else the folder name
     * @param count the number of evaluated images of this class
     * @param correct how many of them were classified correctly (top-1)
     * @param top1 {@code 100 * correct / count}, or 0 when {@code count} is 0
     */
    public record ClassResult(int index, String name, String label, int count, int correct, double top1) {}

    /**
     * A file that could not be decoded.
     *
     * @param file the path
     * @param reason why, one line
     */
    public record Unreadable(String file, String reason) {}
}
