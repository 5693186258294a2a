package dev.cvt4j.eval;

import java.util.List;

/**
 * The outcome of an evaluation run, as timm's {@code validate.py} reports it (accuracies in
 * percent), plus per-class accuracy and the files that could not be read. Unreadable files are
 * left out of every metric. Record components serialise to JSON with Jackson.
 *
 * <p>{@code top1}, {@code top5}, {@code loss} and the per-class figures score the folder labels,
 * mapped to class indices as {@code protocol} says, over the classes {@code protocol} says;
 * {@code real} scores the ReaL labels of the same predictions.
 *
 * @param protocol how the folders were mapped and which classes were scored
 * @param images the number of files in the run, readable or not
 * @param evaluated the number of images the model classified
 * @param topK the k of {@code top5}: 5, or the number of scored classes when there are fewer
 * @param top1 top-1 accuracy in percent: the highest logit is the target's
 * @param top5 top-k accuracy in percent: the target is among the {@code topK} highest logits
 * @param loss mean cross-entropy in nats, as {@code torch.nn.CrossEntropyLoss()} (mean of
 *     {@code logsumexp(logits) - logits[target]}), computed in double precision
 * @param real ReaL accuracy, or null when no ReaL labels were given
 * @param seconds wall-clock time of the run, decoding included
 * @param imagesPerSecond {@code evaluated / seconds}
 * @param classes per-class results: one per class folder, by class index
 * @param unreadable the files that could not be decoded, in sample order
 */
public record EvalResult(
        Protocol protocol,
        int images,
        int evaluated,
        int topK,
        double top1,
        double top5,
        double loss,
        Real real,
        double seconds,
        double imagesPerSecond,
        List<ClassResult> classes,
        List<Unreadable> unreadable) {

    /**
     * Copies the lists.
     *
     * @param protocol how the figures were obtained
     * @param images the number of files
     * @param evaluated the number classified
     * @param topK the k of {@code top5}
     * @param top1 top-1 accuracy, percent
     * @param top5 top-k accuracy, percent
     * @param loss mean cross-entropy, nats
     * @param real ReaL accuracy, or null
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
     * How the figures were obtained.
     *
     * @param classMap how folders became class indices: {@code sorted-position} (torchvision's
     *     {@code ImageFolder}), {@code imagenet-1k} (by WordNet id), {@code numeric} (folder name = class
     *     index) or the path of a map file ({@link ClassMap#description()})
     * @param restrictLogits whether softmax, loss and top-k ran over the classes present in the tree only
     * @param scoredClasses the number of classes that took part in softmax and top-k
     * @param realLabels the ReaL label file scored in {@code real}, or null
     */
    public record Protocol(String classMap, boolean restrictLogits, int scoredClasses, String realLabels) {}

    /**
     * Accuracy against the ReaL labels (timm's {@code RealLabelsImagenet}): an image counts as correct
     * at k when one of its k highest logits (over the scored classes) is in its label set; images
     * whose set is empty are left out.
     *
     * @param evaluated the evaluated images with a non-empty label set: the denominator
     * @param unlabelled the evaluated images with an empty label set, left out
     * @param top1 ReaL top-1 accuracy in percent, 0 when {@code evaluated} is 0
     * @param top5 ReaL top-k accuracy in percent (k as {@code topK}), 0 when {@code evaluated} is 0
     */
    public record Real(int evaluated, int unlabelled, double top1, double top5) {}

    /**
     * Accuracy of one class.
     *
     * @param index the model's class index
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
