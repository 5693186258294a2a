package dev.cvt4j.eval;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reassessed ImageNet validation labels, ImageNet-ReaL (Beyer et al., <i>Are we done with
 * ImageNet?</i>, 2020; {@code real.json} of google-research/reassessed-imagenet): a JSON list, in
 * file order {@code ILSVRC2012_val_00000001} to {@code ILSVRC2012_val_00050000}, of the set of
 * correct ImageNet-1k class indices of each image, empty for images none of the raters' labels fit.
 *
 * <p>As in timm's {@code RealLabelsImagenet} ({@code timm/data/real_labels.py}, also the official
 * CvT's {@code lib/dataset/imagenet/real_labels.py}), an image is matched to its set by the
 * validation number in its file name; unlike there, the tree may be any part of the validation set
 * and the files may have any image extension.
 *
 * <p>Serializable, so that a Spark job can ship the sets to its executors.
 */
public final class RealLabels implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern VALIDATION_NUMBER = Pattern.compile("ILSVRC2012_val_(\\d{8})");

    private final String file;
    private final int[][] sets;
    private final int maxLabel;

    private RealLabels(Path file, int[][] sets, int maxLabel) {
        this.file = file.toString();
        this.sets = sets;
        this.maxLabel = maxLabel;
    }

    /**
     * Reads a ReaL label file.
     *
     * @param file the JSON file: a list of lists of non-negative integers
     * @return the label sets
     * @throws DatasetException naming the file when it cannot be read, is not JSON, or is not a list
     *     of lists of class indices (naming the first entry that is not)
     */
    public static RealLabels read(Path file) {
        List<int[]> sets = new ArrayList<>();
        int maxLabel = -1;
        try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw notLabels(file, "the top level is not a list");
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t != JsonToken.START_ARRAY) {
                    throw notLabels(file, "entry " + (sets.size() + 1) + " is not a list");
                }
                List<Integer> set = new ArrayList<>();
                for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
                    if (v != JsonToken.VALUE_NUMBER_INT
                            || p.getNumberType() != JsonParser.NumberType.INT
                            || p.getIntValue() < 0) {
                        throw notLabels(
                                file, "entry " + (sets.size() + 1) + " holds " + p.getText() + ", not a class index");
                    }
                    set.add(p.getIntValue());
                    maxLabel = Math.max(maxLabel, p.getIntValue());
                }
                sets.add(set.stream().mapToInt(Integer::intValue).toArray());
            }
            if (p.nextToken() != null) {
                throw notLabels(file, "text after the list");
            }
        } catch (JsonProcessingException e) {
            throw new DatasetException(
                    file,
                    "not JSON (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")",
                    e);
        } catch (IOException e) {
            throw new DatasetException(file, "cannot read the ReaL labels (" + e + ")", e);
        }
        return new RealLabels(file, sets.toArray(int[][]::new), maxLabel);
    }

    private static DatasetException notLabels(Path file, String what) {
        return new DatasetException(file, what + " (ReaL labels: a JSON list of lists of class indices)");
    }

    /** @return the file the labels were read from */
    public Path file() {
        return Path.of(file);
    }

    /** @return the number of images the file holds label sets for */
    public int size() {
        return sets.length;
    }

    /**
     * The label sets of images, checked against the model.
     *
     * @param samples the images, whose file names carry their validation numbers
     *     ({@code ILSVRC2012_val_00000293.JPEG})
     * @param numClasses the model's class count
     * @return the label set of each sample; empty sets included
     * @throws DatasetException naming the image when its file name carries no validation number,
     *     or naming the label file when it holds no set for that number or a class index of
     *     {@code numClasses} or more
     */
    public Map<ImageFolderListing.Sample, int[]> labelsOf(List<ImageFolderListing.Sample> samples, int numClasses) {
        check(numClasses);
        Map<ImageFolderListing.Sample, int[]> labels = new HashMap<>();
        for (ImageFolderListing.Sample sample : samples) {
            labels.put(sample, labelsOf(sample.file().toString()));
        }
        return labels;
    }

    /**
     * Checks the labels against a model.
     *
     * @param numClasses the model's class count
     * @throws DatasetException naming the label file when it holds a class index of {@code numClasses} or more
     */
    public void check(int numClasses) {
        if (maxLabel >= numClasses) {
            throw new DatasetException(
                    file, "class index " + maxLabel + " is outside the model's " + numClasses + " classes", null);
        }
    }

    /**
     * The label set of one image, found by the validation number in its file name.
     *
     * @param image the image's path or URI ({@code .../ILSVRC2012_val_00000293.JPEG}); only the part after
     *     the last {@code /} is read
     * @return a copy of its label set, empty when no label fits the image
     * @throws DatasetException naming the image when its file name carries no validation number, or naming
     *     the label file when it holds no set for that number
     */
    public int[] labelsOf(String image) {
        String name = image.substring(image.lastIndexOf('/') + 1);
        Matcher m = VALIDATION_NUMBER.matcher(name);
        if (!m.find() || Integer.parseInt(m.group(1)) == 0) {
            throw new DatasetException(
                    image,
                    "no validation number in the file name (--real-labels matches"
                            + " images by their name, ILSVRC2012_val_00000001 to ILSVRC2012_val_00050000)",
                    null);
        }
        int number = Integer.parseInt(m.group(1));
        if (number > sets.length) {
            throw new DatasetException(
                    file,
                    "holds " + sets.length + " label sets, none for image " + number + " (" + name
                            + "); the ImageNet validation set has 50,000",
                    null);
        }
        return sets[number - 1].clone();
    }
}
