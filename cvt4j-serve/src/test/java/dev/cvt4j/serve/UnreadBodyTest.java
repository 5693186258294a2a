package dev.cvt4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request refused before its body is read (here: no model yet, 503) is answered after the body has
 * been read and dropped, over a connection that stays open for the next request; a body declared above
 * the limit, or one that trickles in for longer than {@link UnreadBody#MAX_TIME}, is refused unread and
 * the connection closed. A server that closed after every refusal made Java's HttpClient lose answers
 * while it was still writing the body.
 */
class UnreadBodyTest {
    private static final int LIMIT = 64 << 10;

    private InferenceServer server;

    @BeforeEach
    void start() {
        server = new InferenceServer(
                        new ServeOptions(
                                "m", "127.0.0.1", 0, 1, Duration.ZERO, 4, 1, null, null, LIMIT, 4, Duration.ZERO),
                        line -> {})
                .start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void aRefusedBodyIsReadAndTheConnectionKept() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            byte[] body = new byte[LIMIT];
            out.write(head("POST /v1/classify", body.length));
            out.flush();
            out.write(body);
            out.flush();
            Answer refused = Answer.read(socket.getInputStream());
            assertEquals(503, refused.status(), refused.head());
            assertTrue(refused.body().contains("\"code\":\"not_ready\""), refused.body());
            assertFalse(refused.closes(), refused.head());

            out.write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals(200, Answer.read(socket.getInputStream()).status());
        }
    }

    @Test
    void aTricklingBodyIsGivenUpAfterTheTimeLimit() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            // Longer than UnreadBody.MAX_TIME and shorter than the trickle, which would take hours.
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head("POST /v1/classify", LIMIT));
            out.flush();
            Thread trickle = new Thread(() -> {
                try {
                    while (true) {
                        out.write(0);
                        out.flush();
                        Thread.sleep(200);
                    }
                } catch (IOException | InterruptedException stopped) {
                    // the server closed the connection, or the test ended
                }
            });
            trickle.start();
            try {
                Answer refused = Answer.read(socket.getInputStream());
                assertEquals(503, refused.status(), refused.head());
                assertTrue(refused.closes(), refused.head());
            } finally {
                trickle.interrupt();
            }
        }
    }

    @Test
    void aBodyDeclaredOverTheLimitIsRefusedUnreadAndTheConnectionClosed() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(head("POST /v1/classify", LIMIT + 1));
            socket.getOutputStream().flush();
            Answer refused = Answer.read(socket.getInputStream());
            assertEquals(413, refused.status(), refused.head());
            assertTrue(refused.body().contains("\"code\":\"too_large\""), refused.body());
            assertTrue(refused.closes(), refused.head());
            assertEquals(-1, socket.getInputStream().read(), "the server closes the connection");
        }
    }

    private static byte[] head(String requestLine, long contentLength) {
        return (requestLine + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/png\r\nContent-Length: "
                        + contentLength + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** One HTTP/1.1 answer read off a socket: its head and its body of {@code Content-Length} bytes. */
    private record Answer(String head, String body) {
        static Answer read(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed inside the answer's head: " + head);
                }
                head.write(b);
            }
            String text = head.toString(StandardCharsets.US_ASCII);
            int length = -1;
            for (String line : text.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            assertTrue(length >= 0, "the answer has a Content-Length: " + text);
            return new Answer(text, new String(in.readNBytes(length), StandardCharsets.UTF_8));
        }

        int status() {
            return Integer.parseInt(head.substring(9, 12));
        }

        boolean closes() {
            return head.toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n");
        }
    }
}
