package dev.cvt4j.image;

import dev.cvt4j.untrusted.Exhaustion;
import dev.cvt4j.untrusted.SafeText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes JPEG, PNG, BMP, GIF (first frame) and WebP files to 8-bit RGB with the semantics of
 * PIL's {@code Image.open(path).convert("RGB")} (Pillow 9.4), the loader of torchvision's
 * {@code ImageFolder}.
 *
 * <ul>
 *   <li>Grayscale is replicated, palettes are expanded, alpha is dropped without compositing
 *       (the colour under transparent pixels is kept), and no ICC profile, gamma or EXIF
 *       orientation is applied. 16-bit samples keep their high byte (Pillow's {@code RGB;16B},
 *       {@code RGBA;16B}, {@code LA;16B}), except 16-bit grayscale PNG, which Pillow opens as
 *       32-bit mode {@code "I"} and converts by clamping to 0..255 (1000 becomes 255, not 3).
 *   <li>JPEG: the TwelveMonkeys reader (which delegates to the JDK's libjpeg 6b: islow IDCT,
 *       fancy upsampling) returns the raw components, converted here with libjpeg's integer
 *       YCbCr tables; every 4-component (CMYK, YCCK) JPEG goes through Pillow's inverted-CMYK
 *       conversion ({@code "CMYK;I"}, then {@code cmyk2rgb}). On the baseline 4:2:0 fixture every sample equals Pillow 9.4 with
 *       libjpeg-turbo 2.1.5. Known differences: progressive files (libjpeg-turbo 2.1 changed
 *       its block smoothing) and 4:4:0 files (only libjpeg-turbo upsamples h1v2 smoothly) may
 *       differ by a few levels; arithmetic-coded and 12-bit JPEGs are not readable.
 *   <li>WebP: the TwelveMonkeys reader; lossless files are exact, lossy ones are not compared
 *       with libwebp.
 *   <li>GIF: the first frame on its logical screen, which outside the frame has the colour of
 *       the transparent index, else of index 0, as in Pillow.
 *   <li>Decompression bombs, with PIL's rule: the size is read from the header first; an image of
 *       more than {@link #MAX_IMAGE_PIXELS} pixels is decoded with a warning (PIL's
 *       {@code DecompressionBombWarning}, here a {@link System.Logger} warning), one of more than
 *       twice that is refused before any pixel buffer is allocated ({@code DecompressionBombError}).
 *       A PNG's chunks are checked first ({@link PngChunks}): a bad IHDR CRC, and text chunks that
 *       inflate beyond Pillow's limits, are refused.
 *   <li>Truncated JPEGs are refused, as PIL refuses them ({@code "image file is truncated"}),
 *       although the JDK decoder would fill the missing part with gray.
 * </ul>
 */
public final class ImageDecoder {
    /** PIL's default {@code Image.MAX_IMAGE_PIXELS}: {@code 1024 * 1024 * 1024 // 4 // 3}; above it, a warning. */
    public static final long MAX_IMAGE_PIXELS = 89_478_485L;
    /** Images above this many pixels are refused: twice {@link #MAX_IMAGE_PIXELS}, as in PIL. */
    public static final long REFUSED_IMAGE_PIXELS = 2 * MAX_IMAGE_PIXELS;

    private static final Set<String> FORMATS = Set.of("jpeg", "png", "bmp", "gif", "webp");
    /** Reader warnings that mean the file ended early (TwelveMonkeys' and libjpeg's wording). */
    private static final List<String> TRUNCATION_WARNINGS = List.of("Missing EOI marker", "Premature end of JPEG file");

    private ImageDecoder() {}

    /**
     * Decodes an image file with PIL's limits: a warning above {@link #MAX_IMAGE_PIXELS} pixels,
     * refused above {@link #REFUSED_IMAGE_PIXELS}.
     *
     * @param file the image file
     * @return the image as 8-bit RGB
     * @throws ImageDecodeException if the file is missing, of an unknown format, corrupt,
     *     truncated or too large
     */
    public static RgbImage decode(Path file) {
        return decode(file, REFUSED_IMAGE_PIXELS);
    }

    /**
     * Decodes an image file with a custom decompression-bomb limit.
     *
     * @param file the image file
     * @param maxPixels the largest width * height accepted
     * @return the image as 8-bit RGB
     * @throws ImageDecodeException if the file is missing, of an unknown format, corrupt,
     *     truncated or has more than {@code maxPixels} pixels
     */
    public static RgbImage decode(Path file, long maxPixels) {
        if (!Files.exists(file)) {
            throw new ImageDecodeException(file, "no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new ImageDecodeException(file, "not a regular file");
        }
        ImageInputStream input;
        try {
            if (PngChunks.isPng(readHead(file))) {
                PngChunks.check(file);
            }
            input = new FileImageInputStream(file.toFile());
        } catch (IOException e) {
            throw new ImageDecodeException(file, "cannot open (" + e.getMessage() + ")", e);
        }
        return decode(file, input, maxPixels);
    }

    /**
     * Decodes an image held in memory (e.g. an HTTP request body, the {@code content} of a row of Spark's
     * {@code binaryFile} source) with the same rules and limits as a file.
     *
     * @param data the encoded image (JPEG, PNG, BMP, GIF or WebP)
     * @param name what error messages call the image, e.g. {@code "image 2"}; no NUL characters
     * @param maxPixels the largest width * height accepted
     * @return the image as 8-bit RGB
     * @throws ImageDecodeException if the data is of an unknown format, corrupt, truncated or has more
     *     than {@code maxPixels} pixels; its {@link ImageDecodeException#file()} is {@code Path.of(name)}
     */
    public static RgbImage decode(byte[] data, String name, long maxPixels) {
        if (PngChunks.isPng(data)) {
            PngChunks.check(Path.of(name), new ByteArrayInputStream(data));
        }
        return decode(Path.of(name), new MemoryCacheImageInputStream(new ByteArrayInputStream(data)), maxPixels);
    }

    private static RgbImage decode(Path file, ImageInputStream input, long maxPixels) {
        try (ImageInputStream in = input) {
            ImageReader reader = reader(file, in);
            try {
                reader.setInput(in);
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                RgbImage image = read(file, reader, maxPixels);
                for (String warning : warnings) {
                    if (TRUNCATION_WARNINGS.stream().anyMatch(warning::contains)) {
                        throw new ImageDecodeException(file, "truncated image data (" + warning + ")");
                    }
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (ImageDecodeException e) {
            throw e;
        } catch (StackOverflowError | OutOfMemoryError e) {
            throw new ImageDecodeException(file, Exhaustion.reason(e), e);
        } catch (UnsupportedOperationException e) {
            throw new ImageDecodeException(
                    file, "unsupported image (" + SafeText.escape(String.valueOf(e.getMessage())) + ")", e);
        } catch (IOException | RuntimeException e) {
            String detail = SafeText.escape(
                    e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
            throw new ImageDecodeException(file, "corrupt or truncated image data (" + detail + ")", e);
        }
    }

    private static byte[] readHead(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(8);
        }
    }

    private static ImageReader reader(Path file, ImageInputStream in) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        String other = null;
        while (readers.hasNext()) {
            ImageReader candidate = readers.next();
            String format = formatOf(candidate);
            if (FORMATS.contains(format)) {
                return candidate;
            }
            other = other == null ? format : other;
        }
        throw new ImageDecodeException(
                file,
                other == null
                        ? "unknown image format (not JPEG, PNG, BMP, GIF or WebP)"
                        : "unsupported image format " + other + " (not JPEG, PNG, BMP, GIF or WebP)");
    }

    private static String formatOf(ImageReader reader) {
        try {
            return reader.getFormatName().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static RgbImage read(Path file, ImageReader reader, long maxPixels) throws IOException {
        String format = formatOf(reader);
        if (format.equals("gif")) {
            GifFirstFrame frame = GifFirstFrame.layout(reader);
            checkSize(file, frame.width(), frame.height(), maxPixels);
            return frame.read(reader);
        }
        checkSize(file, reader.getWidth(0), reader.getHeight(0), maxPixels);
        return switch (format) {
            case "jpeg" -> {
                var raw = reader.readRaster(0, null);
                yield JpegColorSpace.guess(reader.getImageMetadata(0), raw.getNumBands())
                        .toRgb(raw);
            }
            case "png" -> RasterRgb.convert(reader.read(0), isSixteenBitGrayPng(reader));
            default -> RasterRgb.convert(reader.read(0), false);
        };
    }

    private static void checkSize(Path file, long width, long height, long maxPixels) {
        if (width * height > maxPixels) {
            throw new ImageDecodeException(
                    file,
                    "image of " + width + " x " + height + " = " + width * height + " pixels exceeds the limit of "
                            + maxPixels + " (decompression bomb?)");
        }
        if (width * height > MAX_IMAGE_PIXELS) {
            System.getLogger(ImageDecoder.class.getName())
                    .log(
                            System.Logger.Level.WARNING,
                            "{0}: image of {1} x {2}" + " pixels exceeds {3} pixels (possible decompression bomb)",
                            file,
                            width,
                            height,
                            MAX_IMAGE_PIXELS);
        }
    }

    /** Pillow opens a 16-bit grayscale PNG (IHDR colour type 0) as mode {@code "I"}. */
    private static boolean isSixteenBitGrayPng(ImageReader reader) throws IOException {
        MetadataTree tree = MetadataTree.of(reader.getImageMetadata(0), "javax_imageio_png_1.0");
        return tree.attribute("IHDR", "colorType").orElse("").equals("Grayscale")
                && tree.intAttribute("IHDR", "bitDepth", 8) == 16;
    }
}
