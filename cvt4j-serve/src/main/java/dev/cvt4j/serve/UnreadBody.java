package dev.cvt4j.serve;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * What is left of a request body when it is refused before being read (a bad query parameter, a
 * missing API key, draining): read and dropped before the answer, so that the answer reaches the client
 * and the connection stays usable. Closing instead is unsafe: a socket closed with unread bytes is reset
 * by the kernel, and a client still writing its body (Java's {@code HttpClient} writes all of it before
 * reading) loses the answer ({@code header parser received no bytes}); nginx's {@code lingering_close}
 * does the same for the same reason. At most the body limit is read, for at most {@link #MAX_TIME}
 * (plus one read, which Jetty's idle timeout bounds); a body declared or found larger, or slower, is
 * left unread and the connection closed after the answer (RFC 9110, section 15.5.14: the server may
 * close a connection to stop a request whose content is too large).
 */
final class UnreadBody {
    /** The longest time spent reading a refused body: 10 s. */
    static final Duration MAX_TIME = Duration.ofSeconds(10);

    private UnreadBody() {}

    /**
     * Reads the rest of the request body and drops it, or marks the connection to be closed.
     *
     * @param ctx the refused request, not yet answered
     * @param limit the most bytes to read, the body limit
     */
    static void discard(Context ctx, long limit) {
        if (ctx.contentLength() > limit || !readToEnd(ctx, limit)) {
            ctx.header("Connection", "close");
        }
    }

    /** @return true when the body ended within {@code limit} bytes and {@link #MAX_TIME} and could be read */
    private static boolean readToEnd(Context ctx, long limit) {
        try {
            InputStream body = ctx.req().getInputStream();
            byte[] sink = new byte[8192];
            long read = 0;
            long end = System.nanoTime() + MAX_TIME.toNanos();
            for (int n; (n = body.read(sink)) >= 0; ) {
                read += n;
                if (read > limit || System.nanoTime() > end) {
                    return false;
                }
            }
            return true;
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }
}
