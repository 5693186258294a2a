package dev.cvt4j.image;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import javax.imageio.ImageReader;

/**
 * The first frame of a GIF on its logical screen, as Pillow 9.4 loads it ({@code
 * GifImagePlugin.py}): the image is the logical screen (enlarged if the frame reaches past it),
 * the area outside the frame is filled with the frame's transparent index, else index 0, and
 * every index is looked up in the frame's palette (local, else global).
 *
 * @param width canvas width: the logical screen, enlarged to hold the frame
 * @param height canvas height
 * @param left frame position on the canvas
 * @param top frame position on the canvas
 * @param fillIndex the palette index of the canvas outside the frame
 */
record GifFirstFrame(int width, int height, int left, int top, int fillIndex) {
    private static final String STREAM_FORMAT = "javax_imageio_gif_stream_1.0";
    private static final String IMAGE_FORMAT = "javax_imageio_gif_image_1.0";

    /** Reads the layout from the stream and image headers, without decoding pixels. */
    static GifFirstFrame layout(ImageReader reader) throws IOException {
        MetadataTree screen = MetadataTree.of(reader.getStreamMetadata(), STREAM_FORMAT);
        MetadataTree frame = MetadataTree.of(reader.getImageMetadata(0), IMAGE_FORMAT);
        int left = frame.intAttribute("ImageDescriptor", "imageLeftPosition", 0);
        int top = frame.intAttribute("ImageDescriptor", "imageTopPosition", 0);
        boolean transparent = frame.attribute("GraphicControlExtension", "transparentColorFlag")
                .map(Boolean::parseBoolean)
                .orElse(false);
        return new GifFirstFrame(
                Math.max(
                        screen.intAttribute("LogicalScreenDescriptor", "logicalScreenWidth", 0),
                        left + reader.getWidth(0)),
                Math.max(
                        screen.intAttribute("LogicalScreenDescriptor", "logicalScreenHeight", 0),
                        top + reader.getHeight(0)),
                left,
                top,
                transparent ? frame.intAttribute("GraphicControlExtension", "transparentColorIndex", 0) : 0);
    }

    /** Decodes the frame and places it on the canvas. */
    RgbImage read(ImageReader reader) throws IOException {
        BufferedImage decoded = reader.read(0);
        RgbImage frame = RasterRgb.convert(decoded, false);
        if (frame.width() == width && frame.height() == height) {
            return frame;
        }
        int fill = decoded.getColorModel() instanceof IndexColorModel icm && fillIndex < icm.getMapSize()
                ? icm.getRGB(fillIndex)
                : 0;
        byte[] canvas = new byte[3 * width * height];
        for (int i = 0; i < width * height; i++) {
            canvas[3 * i] = (byte) (fill >> 16);
            canvas[3 * i + 1] = (byte) (fill >> 8);
            canvas[3 * i + 2] = (byte) fill;
        }
        for (int y = 0; y < frame.height(); y++) {
            System.arraycopy(
                    frame.data(), 3 * y * frame.width(), canvas, 3 * ((top + y) * width + left), 3 * frame.width());
        }
        return new RgbImage(width, height, canvas);
    }
}
