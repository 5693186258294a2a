package dev.cvt4j.eval;

/**
 * One sample after decoding and the evaluation transform, or the reason it could not be read.
 *
 * @param sample the file and its class index
 * @param pixels the CHW float32 tensor, {@code 3 * H * W} values; null when unreadable
 * @param error why the file could not be decoded (without the file name); null when readable
 */
record LoadedImage(ImageFolderListing.Sample sample, float[] pixels, String error) {}
