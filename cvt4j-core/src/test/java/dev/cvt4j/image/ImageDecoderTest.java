package dev.cvt4j.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twelvemonkeys.imageio.color.ColorSpaces;
import dev.cvt4j.Fixtures;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PIL {@code convert("RGB")} semantics on files built here with known values, and the error cases. */
class ImageDecoderTest {
    @TempDir
    Path dir;

    /** A {@code width x height} image from RGB triples, row-major. */
    private static RgbImage rgb(int width, int height, int... samples) {
        return RgbImage.of(width, height, bytes(samples));
    }

    private Path write(String name, BufferedImage image, String format) throws IOException {
        Path file = dir.resolve(name);
        assertTrue(ImageIO.write(image, format, file.toFile()), "no " + format + " writer for " + image);
        return file;
    }

    /** An image of {@code model} whose raster samples are {@code samples} (band-interleaved, row-major). */
    private static BufferedImage image(ComponentColorModel model, int width, int height, int... samples) {
        WritableRaster raster = model.createCompatibleWritableRaster(width, height);
        raster.setPixels(0, 0, width, height, samples);
        return new BufferedImage(model, raster, false, null);
    }

    @Test
    void grayscaleIsReplicated() throws IOException {
        BufferedImage gray = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setPixels(0, 0, 2, 1, new int[] {7, 250});
        assertEquals(rgb(2, 1, 7, 7, 7, 250, 250, 250), ImageDecoder.decode(write("gray.png", gray, "png")));
    }

    @Test
    void alphaIsDroppedNotComposited() throws IOException {
        BufferedImage rgba = new BufferedImage(2, 1, BufferedImage.TYPE_4BYTE_ABGR);
        rgba.getRaster().setPixels(0, 0, 2, 1, new int[] {200, 100, 50, 0, 1, 2, 3, 128});
        assertEquals(rgb(2, 1, 200, 100, 50, 1, 2, 3), ImageDecoder.decode(write("rgba.png", rgba, "png")));
    }

    @Test
    void paletteIsExpandedIgnoringPaletteAlpha() throws IOException {
        byte[] r = {10, (byte) 200, 0, 0};
        byte[] g = {20, 0, (byte) 200, 0};
        byte[] b = {30, 0, 0, (byte) 200};
        byte[] a = {(byte) 255, 0, (byte) 255, 64};
        IndexColorModel palette = new IndexColorModel(2, 4, r, g, b, a);
        BufferedImage indexed = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_BINARY, palette);
        indexed.getRaster().setPixels(0, 0, 4, 1, new int[] {3, 2, 1, 0});
        assertEquals(
                rgb(4, 1, 0, 0, 200, 0, 200, 0, 200, 0, 0, 10, 20, 30),
                ImageDecoder.decode(write("palette.png", indexed, "png")));
    }

    /** Pillow opens 16-bit gray PNG as mode "I" and {@code i2rgb} clamps: it does not scale. */
    @Test
    void sixteenBitGrayPngIsClampedLikePillowModeI() throws IOException {
        ComponentColorModel gray16 = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_GRAY), false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        Path file = write("gray16.png", image(gray16, 6, 1, 0, 100, 255, 256, 1000, 65535), "png");
        assertEquals(
                rgb(6, 1, 0, 0, 0, 100, 100, 100, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255),
                ImageDecoder.decode(file));
    }

    /** Pillow's RGB;16B and LA;16B raw modes keep the high byte. */
    @Test
    void otherSixteenBitPngsKeepTheHighByte() throws IOException {
        ComponentColorModel rgb16 = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        assertEquals(
                rgb(1, 1, 0x12, 0xAB, 0x00),
                ImageDecoder.decode(write("rgb16.png", image(rgb16, 1, 1, 0x1234, 0xABFF, 0x00FF), "png")));
        ComponentColorModel grayAlpha16 = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_GRAY),
                true,
                false,
                Transparency.TRANSLUCENT,
                DataBuffer.TYPE_USHORT);
        assertEquals(
                rgb(1, 1, 0x80, 0x80, 0x80),
                ImageDecoder.decode(write("la16.png", image(grayAlpha16, 1, 1, 0x80FF, 0), "png")));
    }

    /**
     * A 3 x 2 lossless WebP (made with libwebp 1.2.4: {@code cwebp -lossless -exact}) of red,
     * green, blue / (10, 20, 30), (200, 100, 50) at alpha 0, (7, 8, 9) at alpha 128.
     */
    @Test
    void webpLosslessIsExactAndKeepsColourUnderTransparency() throws IOException {
        Path file = Files.write(
                dir.resolve("tiny.webp"),
                Base64.getDecoder()
                        .decode(
                                "UklGRjwAAABXRUJQVlA4TC8AAAAvAkAAEAVhttGeAxji+SucBpG2zeb1/uHpyKRt2rf+dc3SBASF6Z4XhCu4nm2ZAwA="));
        assertEquals(
                rgb(3, 2, 255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 200, 100, 50, 7, 8, 9),
                ImageDecoder.decode(file));
    }

    @Test
    void bmpIsExact() throws IOException {
        BufferedImage bgr = new BufferedImage(2, 1, BufferedImage.TYPE_3BYTE_BGR);
        bgr.getRaster().setPixels(0, 0, 2, 1, new int[] {1, 2, 3, 250, 128, 7});
        assertEquals(rgb(2, 1, 1, 2, 3, 250, 128, 7), ImageDecoder.decode(write("rgb.bmp", bgr, "bmp")));
    }

    /**
     * A hand-made GIF: a 4 x 3 logical screen with a 4-colour global palette, a first frame of 2 x 1
     * at (1, 1) holding indices 1 and 3, transparent index 2. Pillow fills the screen outside the
     * frame with the transparent index, so everything else is palette[2].
     */
    @Test
    void gifFirstFrameOnItsLogicalScreen() throws IOException {
        byte[] gif = bytes(
                'G', 'I', 'F', '8', '9', 'a', 4, 0, 3, 0, 0x91, 0, 0, 10, 20, 30, 200, 0, 0, 0, 200, 0, 0, 0, 200, 0x21,
                0xF9, 4, 1, 0, 0, 2, 0, 0x2C, 1, 0, 1, 0, 2, 0, 1, 0, 0, 2, 2, 0xCC, 0x0A,
                0, // LZW, code size 3: clear(4), 1, 3, end(5)
                0x3B);
        Path file = Files.write(dir.resolve("frame.gif"), gif);
        int[] expected = new int[4 * 3 * 3];
        for (int i = 0; i < 12; i++) {
            expected[3 * i + 1] = 200;
        }
        System.arraycopy(new int[] {200, 0, 0, 0, 0, 200}, 0, expected, 3 * 5, 6);
        assertEquals(rgb(4, 3, expected), ImageDecoder.decode(file));
    }

    /**
     * Four-component JPEGs: Pillow reads every one as inverted CMYK ("CMYK;I") and converts with
     * {@code cmyk2rgb}: R = (255 - K') - (255 - K') * C' / 255 where X' = 255 - stored, so R is
     * about stored C * stored K / 255. Stored (255, 0, 128, 200) gives (200, 0, 100); stored (10,
     * 250, 60, 255) gives (10, 250, 60). Flat 16 x 16 blocks at quality 1.0 decode exactly.
     */
    @Test
    void cmykJpegWithAndWithoutAdobeMarker() throws IOException {
        RgbImage noMarker = ImageDecoder.decode(writeFourComponentJpeg("cmyk.jpg", null));
        RgbImage adobe = ImageDecoder.decode(writeFourComponentJpeg("adobe-cmyk.jpg", 0));
        for (RgbImage image : new RgbImage[] {noMarker, adobe}) {
            assertPixel(image, 4, 8, 200, 0, 100);
            assertPixel(image, 28, 8, 10, 250, 60);
        }
    }

    /**
     * YCCK (Adobe transform 2): libjpeg turns stored (Y, Cb, Cr, K) into (255 - R, 255 - G, 255 -
     * B, K) with its YCbCr tables, then Pillow inverts and applies {@code cmyk2rgb}. (255, 0, 128)
     * is RGB (255, 255, 28) (G overflows 299, B = 255 - 227), K' = 55: result (0, 0, 178). (10,
     * 250, 60) is RGB (0, 17, 226), K' = 0: result (255, 238, 29).
     */
    @Test
    void ycckJpeg() throws IOException {
        RgbImage ycck = ImageDecoder.decode(writeFourComponentJpeg("ycck.jpg", 2));
        assertPixel(ycck, 4, 8, 0, 0, 178);
        assertPixel(ycck, 28, 8, 255, 238, 29);
    }

    private static void assertPixel(RgbImage image, int x, int y, int r, int g, int b) {
        int[] actual = {image.sample(x, y, 0), image.sample(x, y, 1), image.sample(x, y, 2)};
        assertEquals(Arrays.toString(new int[] {r, g, b}), Arrays.toString(actual), "pixel (" + x + ", " + y + ")");
    }

    /**
     * A 32 x 16 JPEG of two flat 16 x 16 halves whose four stored components are (255, 0, 128,
     * 200) and (10, 250, 60, 255), written as a raster (no colour conversion), with an Adobe marker
     * of the given transform or none.
     */
    private Path writeFourComponentJpeg(String name, Integer adobeTransform) throws IOException {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 32, 16, 4, null);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 32; x++) {
                raster.setPixel(x, y, x < 16 ? new int[] {255, 0, 128, 200} : new int[] {10, 250, 60, 255});
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(1f);
        IIOMetadata metadata = null;
        if (adobeTransform != null) {
            ImageTypeSpecifier cmyk = new ImageTypeSpecifier(
                    new ComponentColorModel(
                            ColorSpaces.getColorSpace(ColorSpaces.CS_GENERIC_CMYK),
                            false,
                            false,
                            Transparency.OPAQUE,
                            DataBuffer.TYPE_BYTE),
                    raster.getSampleModel());
            metadata = writer.getDefaultImageMetadata(cmyk, param);
            IIOMetadataNode tree = (IIOMetadataNode) metadata.getAsTree("javax_imageio_jpeg_image_1.0");
            ((IIOMetadataNode) tree.getElementsByTagName("app14Adobe").item(0))
                    .setAttribute("transform", Integer.toString(adobeTransform));
            metadata.setFromTree("javax_imageio_jpeg_image_1.0", tree);
        }
        Path file = dir.resolve(name);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, metadata), param);
        } finally {
            writer.dispose();
        }
        return file;
    }

    @Test
    void decompressionBombIsRefusedFromTheHeader() throws IOException {
        Path bomb = Files.write(dir.resolve("bomb.png"), bombPng());

        ImageDecodeException e = assertTimeoutPreemptively(
                Duration.ofSeconds(5), () -> assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(bomb)));
        assertEquals(bomb, e.file());
        assertTrue(
                e.reason().contains("20000 x 20000") && e.reason().contains("exceeds the limit of 178956970"),
                e.getMessage());
    }

    @Test
    void inMemoryImagesDecodeAsTheirFilesWithTheSameLimits() throws IOException {
        for (String name : new String[] {"landscape.jpg", "portrait.png", "gray.png", "rgba.png", "tiny.png"}) {
            Path file = Fixtures.path("preprocess", name);
            assertEquals(
                    ImageDecoder.decode(file),
                    ImageDecoder.decode(Files.readAllBytes(file), name, ImageDecoder.MAX_IMAGE_PIXELS),
                    name);
        }
        Path cmyk = writeFourComponentJpeg("in-memory-cmyk.jpg", null);
        assertEquals(
                ImageDecoder.decode(cmyk),
                ImageDecoder.decode(Files.readAllBytes(cmyk), "file:/data/cmyk.jpg", ImageDecoder.MAX_IMAGE_PIXELS));
        ImageDecodeException bomb = assertTimeoutPreemptively(
                Duration.ofSeconds(5),
                () -> assertThrows(
                        ImageDecodeException.class,
                        () -> ImageDecoder.decode(bombPng(), "part 'bomb.png'", ImageDecoder.MAX_IMAGE_PIXELS)));
        assertEquals("part 'bomb.png': " + bomb.reason(), bomb.getMessage());
        assertTrue(bomb.reason().contains("exceeds the limit"), bomb.getMessage());
        byte[] badCrc = new PngBytes().header(2, 2, 8, 2, 0).imageData(new byte[2 * (1 + 3 * 2)]);
        badCrc[8 + 8 + 13] ^= 1;
        ImageDecodeException broken = assertThrows(
                ImageDecodeException.class, () -> ImageDecoder.decode(badCrc, "body", ImageDecoder.MAX_IMAGE_PIXELS));
        assertTrue(broken.reason().contains("bad CRC"), broken.getMessage());
        byte[] jpeg = Files.readAllBytes(Fixtures.path("preprocess", "landscape.jpg"));
        ImageDecodeException truncated = assertThrows(
                ImageDecodeException.class,
                () -> ImageDecoder.decode(Arrays.copyOf(jpeg, jpeg.length / 2), "body", ImageDecoder.MAX_IMAGE_PIXELS));
        assertTrue(
                truncated.getMessage().startsWith("body: ")
                        && truncated.reason().contains("truncated"),
                truncated.getMessage());
        ImageDecodeException small = assertThrows(
                ImageDecodeException.class, () -> ImageDecoder.decode(jpeg, "file:/data/landscape.jpg", 100));
        assertEquals("file:/data/landscape.jpg", small.file().toString());
    }

    /** A PNG whose IHDR claims 20000 x 20000 RGB (400 M pixels) with a few bytes of image data. */
    private static byte[] bombPng() throws IOException {
        return new PngBytes().header(20000, 20000, 8, 2, 0).imageData(new byte[1 + 3 * 20000]);
    }

    @Test
    void customPixelLimit() throws IOException {
        Path bmp = write("small.bmp", new BufferedImage(4, 3, BufferedImage.TYPE_3BYTE_BGR), "bmp");
        assertEquals(4, ImageDecoder.decode(bmp, 12).width());
        assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(bmp, 11));
    }

    @Test
    void truncatedJpegIsRefused() throws IOException {
        byte[] full = Files.readAllBytes(Fixtures.path("preprocess", "landscape.jpg"));
        Path truncated = Files.write(dir.resolve("truncated.jpg"), Arrays.copyOf(full, full.length / 2));
        assertFailure(truncated, "truncated");
    }

    @Test
    void garbageIsAnUnknownFormat() throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.jpg"), "this is not an image, just some text\n");
        assertFailure(garbage, "unknown image format");
    }

    @Test
    void missingFile() {
        assertFailure(dir.resolve("missing.png"), "no such file");
    }

    private static void assertFailure(Path file, String reason) {
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(file));
        assertEquals(file, e.file());
        assertTrue(e.reason().contains(reason), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
