package dev.cvt4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code cvt serve} child process on {@code 127.0.0.1} and a free port, started from the built jar
 * ({@link CvtProcess}) and waited for until it prints {@code ready}; plus the HTTP helpers its tests use.
 */
final class ServeProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/");
    private static final ObjectMapper JSON = new ObjectMapper();

    final CvtProcess.Running process;
    final String base;
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ServeProcess(CvtProcess.Running process, int port) {
        this.process = process;
        this.base = "http://127.0.0.1:" + port;
    }

    /** The fixtures' cvt-tiny (64 x 64, 10 classes) with its official weights. */
    static List<String> tinyModel() {
        Path root = CvtProcess.fixtures();
        return List.of(
                "--model",
                root.resolve("cvt-tiny/spec.yaml").toString(),
                "--weights",
                root.resolve("cvt-tiny/official.pth").toString());
    }

    /** Starts {@code cvt serve} with the tiny model, {@code --port 0} and {@code extra}; waits until ready. */
    static ServeProcess start(String... extra) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("serve", "--port", "0"));
        args.addAll(tinyModel());
        args.addAll(List.of(extra));
        CvtProcess.Running running = CvtProcess.start(args.toArray(String[]::new));
        long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < end) {
            String out = stdout(running);
            Matcher m = LISTENING.matcher(out);
            if (m.find() && out.contains("cvt serve: ready in")) {
                return new ServeProcess(running, Integer.parseInt(m.group(1)));
            }
            if (!running.process().isAlive()) {
                throw new AssertionError("cvt serve exited: " + out + running.errSoFar());
            }
            Thread.sleep(50);
        }
        running.close();
        throw new AssertionError("cvt serve was not ready in 2 minutes");
    }

    static String stdout(CvtProcess.Running running) throws IOException {
        return Files.readString(running.out(), StandardCharsets.UTF_8);
    }

    HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofMinutes(1)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path));
    }

    HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    HttpResponse<byte[]> post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return send(
                request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    HttpResponse<byte[]> postFile(String path, Path image) throws IOException, InterruptedException {
        return post(path, "image/" + extension(image), Files.readAllBytes(image));
    }

    /** Posts files as {@code multipart/form-data}, one part per file, named by the file. */
    HttpResponse<byte[]> postMultipart(String path, List<Path> files) throws IOException, InterruptedException {
        String boundary = "cvt4jBoundary7d3c";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Path f : files) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\""
                            + f.getFileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(Files.readAllBytes(f));
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return post(path, "multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    static JsonNode json(HttpResponse<byte[]> response) throws IOException {
        return JSON.readTree(response.body());
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static String extension(Path image) {
        String name = image.getFileName().toString();
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return ext.equals("jpg") ? "jpeg" : ext;
    }

    /** Sends SIGTERM and waits for the exit code. */
    CvtProcess.Result terminate() throws IOException, InterruptedException {
        process.process().destroy();
        return process.await(2);
    }

    @Override
    public void close() throws IOException {
        process.close();
    }
}
