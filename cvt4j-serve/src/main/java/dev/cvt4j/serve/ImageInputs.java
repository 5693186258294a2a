package dev.cvt4j.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvt4j.image.ImageDecodeException;
import dev.cvt4j.image.ImageDecoder;
import dev.cvt4j.image.ImageTransform;
import dev.cvt4j.image.RgbImage;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads the images of a request and decodes them with {@code cvt classify}'s rules and limits
 * ({@link ImageDecoder}: PIL semantics, at most {@link ImageDecoder#MAX_IMAGE_PIXELS} pixels, the size
 * read from the header before any pixel is decoded). Three forms:
 *
 * <ul>
 *   <li>a raw body of type {@code image/*} (or {@code application/octet-stream}): one image, named
 *       {@code body};
 *   <li>{@code multipart/form-data}: every file part, in order, named {@code part 'FILENAME'};
 *   <li>{@code application/json} {@code {"images": ["<base64>", ...]}}: named {@code images[i]}.
 * </ul>
 *
 * At most {@code decoders} images are decoded at once (a decoded image may take up to 268 MB), so
 * hostile files in many requests at once cannot exhaust the heap.
 */
final class ImageInputs {
    /** An encoded image and the name its errors carry. */
    record Encoded(String name, byte[] data) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Line breaks and spaces that base64 encoders insert (MIME, PEM); nothing else is skipped. */
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final int maxImages;
    private final long maxBodyBytes;
    private final Semaphore decoders;
    private final LongConsumer preprocessed;
    private final CpuPhases phases;

    /**
     * @param maxImages the most images one request may carry (more: 413)
     * @param maxBodyBytes the body limit, for messages
     * @param decoders images decoded at once across all requests
     * @param preprocessed receives each image's decode-and-transform time by {@link #pixels}, in nanoseconds
     * @param phases the gate every decode passes, so that none runs during a forward pass
     */
    ImageInputs(int maxImages, long maxBodyBytes, int decoders, LongConsumer preprocessed, CpuPhases phases) {
        this.maxImages = maxImages;
        this.maxBodyBytes = maxBodyBytes;
        this.decoders = new Semaphore(decoders, true);
        this.preprocessed = preprocessed;
        this.phases = phases;
    }

    /**
     * @param ctx the request
     * @return its images in request order, at least one
     * @throws io.javalin.http.HttpResponseException 415 for another content type, 400 for a malformed
     *     body or no image, 413 for more than the image limit
     */
    List<Encoded> read(Context ctx) {
        String type = mediaType(ctx.contentType());
        List<Encoded> images = new ArrayList<>();
        if (type.startsWith("image/") || type.equals("application/octet-stream")) {
            images.add(new Encoded("body", ctx.bodyAsBytes()));
        } else if (type.equals("multipart/form-data")) {
            for (UploadedFile file : uploadedFiles(ctx)) {
                checkCount(images.size() + 1);
                images.add(new Encoded("part '" + printable(file.filename()) + "'", readAll(file)));
            }
        } else if (type.equals("application/json")) {
            JsonNode list = parseJson(ctx.bodyAsBytes()).path("images");
            if (!list.isArray()) {
                throw ApiErrors.badRequest("JSON body: 'images' must be an array of base64 strings");
            }
            checkCount(list.size());
            for (int i = 0; i < list.size(); i++) {
                images.add(new Encoded("images[" + i + "]", base64(list.get(i), "images[" + i + "]")));
            }
        } else {
            throw ApiErrors.unsupportedType("unsupported Content-Type '" + ctx.contentType()
                    + "': send image/*, multipart/form-data or application/json");
        }
        if (images.isEmpty()) {
            throw ApiErrors.badRequest("no image in the request");
        }
        checkCount(images.size());
        return images;
    }

    /**
     * Decodes images, at most {@code decoders} at a time across the server and never during a forward pass.
     *
     * @param images encoded images
     * @return the decoded images, in order
     * @throws io.javalin.http.HttpResponseException 400 naming the first image that cannot be decoded
     */
    List<RgbImage> decode(List<Encoded> images) {
        List<RgbImage> out = new ArrayList<>(images.size());
        for (Encoded image : images) {
            out.add(decoding(() -> decodeOne(image)));
        }
        return out;
    }

    /**
     * Decodes images and applies a transform, at most {@code decoders} images at a time across the server
     * (the decoded image and its transform's output are both held while its permit is) and never during a
     * forward pass ({@link CpuPhases}), reporting each image's time to the {@code preprocessed} callback.
     *
     * @param images encoded images
     * @param transform the model's evaluation transform
     * @return each image's {@code (3, H, W)} values, in order
     * @throws io.javalin.http.HttpResponseException 400 naming the first image that cannot be decoded
     */
    List<float[]> pixels(List<Encoded> images, ImageTransform transform) {
        List<float[]> out = new ArrayList<>(images.size());
        for (Encoded image : images) {
            out.add(decoding(() -> {
                long start = System.nanoTime();
                float[] pixels = transform.apply(decodeOne(image));
                preprocessed.accept(System.nanoTime() - start);
                return pixels;
            }));
        }
        return out;
    }

    /**
     * Runs one image's decoding in the decode phase ({@link CpuPhases#decode}), then with a decoder permit.
     * In that order: an upload waiting for a permit already holds its place in the phase, so the next
     * forward pass waits for it and takes its image, rather than cutting in after the first decodes.
     */
    private <T> T decoding(Supplier<T> work) {
        return phases.decode(() -> {
            decoders.acquireUninterruptibly();
            try {
                return work.get();
            } finally {
                decoders.release();
            }
        });
    }

    private static RgbImage decodeOne(Encoded image) {
        try {
            return ImageDecoder.decode(image.data(), image.name(), ImageDecoder.MAX_IMAGE_PIXELS);
        } catch (ImageDecodeException e) {
            throw ApiErrors.of(400, "bad_image", e.getMessage());
        }
    }

    /** Checks a count against the image limit (413 above it). */
    void checkCount(int count) {
        if (count > maxImages) {
            throw ApiErrors.tooLarge(count + " images in one request, more than the limit of " + maxImages);
        }
    }

    /** @return the decoded bytes of a base64 string node, or 400 naming {@code where} */
    static byte[] base64(JsonNode node, String where) {
        if (!node.isTextual()) {
            throw ApiErrors.badRequest(where + ": expected a base64 string");
        }
        try {
            return Base64.getDecoder().decode(WHITESPACE.matcher(node.asText()).replaceAll(""));
        } catch (IllegalArgumentException e) {
            throw ApiErrors.badRequest(where + ": not base64 (" + e.getMessage() + ")");
        }
    }

    /** @return a JSON body's tree, or 400 when it is not JSON */
    static JsonNode parseJson(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiErrors.badRequest("body is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return {@code type/subtype} in lower case without parameters, or "" when absent */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .toLowerCase(Locale.ROOT);
    }

    /** The file parts; a body the multipart parser refuses is 400 (413 when it was over the size limit). */
    private List<UploadedFile> uploadedFiles(Context ctx) {
        try {
            return ctx.uploadedFiles();
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (ctx.contentLength() < 0 || ctx.contentLength() > maxBodyBytes) {
                throw ApiErrors.tooLarge("multipart body larger than the limit of " + maxBodyBytes + " bytes");
            }
            throw ApiErrors.badRequest("malformed multipart body (" + root.getMessage() + ")");
        }
    }

    private static byte[] readAll(UploadedFile file) {
        try (InputStream in = file.content()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client's file name made safe for messages and paths: control characters and '/' replaced. */
    private static String printable(String name) {
        if (name == null) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        name.codePoints().limit(200).forEach(c -> s.appendCodePoint(c < 0x20 || c == 0x7f || c == '/' ? '_' : c));
        return s.toString();
    }
}
