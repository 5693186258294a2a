package dev.cvt4j.train.run;

import dev.cvt4j.eval.DatasetException;
import dev.cvt4j.train.config.TrainConfig;
import dev.cvt4j.train.data.DataLoader;
import dev.cvt4j.train.data.ImageFolderDataset;
import dev.cvt4j.train.data.LoaderOptions;
import dev.cvt4j.train.data.Mixup;
import dev.cvt4j.train.data.TrainTransforms;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The data side of a run: the {@code DATA/train} and {@code DATA/val} ImageFolder trees, the
 * training loader (official training transform, batches of {@code TRAIN.BATCH_SIZE_PER_GPU}, shuffled,
 * last partial batch dropped) and the Mixup/CutMix of the recipe.
 *
 * @param train the training tree
 * @param val the validation tree, with the same classes
 * @param mixup the batch mixing, or empty when {@code AUG.MIXUP_PROB} is 0
 */
record RunData(ImageFolderDataset train, dev.cvt4j.eval.ImageFolderListing val, Optional<Mixup> mixup) {

    /**
     * @throws DatasetException naming the folder when a tree is missing, empty, or the class lists differ
     */
    static RunData open(Path data, TrainConfig recipe) {
        ImageFolderDataset train = ImageFolderDataset.open(data.resolve("train"));
        dev.cvt4j.eval.ImageFolderListing val = dev.cvt4j.eval.ImageFolderListing.scan(data.resolve("val"));
        if (!val.classes().equals(train.classes())) {
            throw new DatasetException(
                    data.resolve("val"),
                    "its class folders differ from those of " + data.resolve("train") + " ("
                            + val.classes().size() + " vs " + train.classes().size() + ")");
        }
        return new RunData(train, val, Mixup.of(recipe, train.classes().size()));
    }

    int numClasses() {
        return train.classes().size();
    }

    DataLoader loader(TrainConfig recipe, long seed, int workers) {
        return new DataLoader(
                train,
                TrainTransforms.of(recipe),
                LoaderOptions.training(recipe.train().batchSizePerGpu(), seed, workers));
    }
}
