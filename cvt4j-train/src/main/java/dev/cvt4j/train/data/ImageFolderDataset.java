package dev.cvt4j.train.data;

import dev.cvt4j.eval.DatasetException;
import dev.cvt4j.image.ImageDecoder;
import dev.cvt4j.image.RgbImage;
import java.nio.file.Path;
import java.util.List;

/**
 * torchvision 0.14's {@code datasets.ImageFolder} (the dataset of the official {@code
 * build_dataset}) as training data: the classes and samples of {@link dev.cvt4j.eval.ImageFolderListing#scan}
 * (torchvision's listing and order, the one implementation cvt4j has), with images decoded by
 * {@link ImageDecoder} (PIL's {@code convert("RGB")} semantics). PPM, PGM and TIFF files are listed,
 * as torchvision lists them, but fail to decode.
 */
public final class ImageFolderDataset implements LabeledImages {
    private final dev.cvt4j.eval.ImageFolderListing tree;

    private ImageFolderDataset(dev.cvt4j.eval.ImageFolderListing tree) {
        this.tree = tree;
    }

    /**
     * Scans a folder tree.
     *
     * @param root the dataset folder, holding one sub-folder per class
     * @return the dataset
     * @throws DatasetException if {@code root} is missing or not a folder, has no class folders, or a
     *     class folder holds no image file (see {@link dev.cvt4j.eval.ImageFolderListing#scan})
     */
    public static ImageFolderDataset open(Path root) {
        return new ImageFolderDataset(dev.cvt4j.eval.ImageFolderListing.scan(root));
    }

    /** @return the dataset folder */
    public Path root() {
        return tree.root();
    }

    /** @return the samples (file and class index) in torchvision's order */
    public List<dev.cvt4j.eval.ImageFolderListing.Sample> samples() {
        return tree.samples();
    }

    @Override
    public List<String> classes() {
        return tree.classes();
    }

    @Override
    public int size() {
        return tree.samples().size();
    }

    @Override
    public int label(int index) {
        return tree.samples().get(index).target();
    }

    /**
     * Decodes one image.
     *
     * @param index sample index
     * @return the image
     * @throws dev.cvt4j.image.ImageDecodeException naming the file when it cannot be decoded
     */
    @Override
    public RgbImage image(int index) {
        return ImageDecoder.decode(tree.samples().get(index).file());
    }

    @Override
    public String describe(int index) {
        return tree.samples().get(index).file().toString();
    }
}
