package dev.cvt4j.serve;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;

/**
 * Tells whether the client of a request whose body has been read has gone away, so that its images are
 * dropped before inference. Jetty does not watch an HTTP/1.1 connection while a request is processed
 * asynchronously (it registers no read interest then, jetty/jetty.project#238), so the watch looks at
 * the socket itself: with the body read and the answer not yet sent, a readable socket means the peer
 * closed or reset it, since HTTP/1.1 clients send nothing more before the answer (pipelining, which no
 * mainstream client uses, would read as gone). The check registers the channel with a private selector
 * and never reads from it, so Jetty's own reading is untouched.
 */
final class ClientWatch {
    private ClientWatch() {}

    /**
     * @param ctx a request whose body has been read
     * @return true once its client is gone; always false where the socket cannot be reached (e.g. a
     *     non-socket connector)
     */
    static BooleanSupplier of(Context ctx) {
        SocketChannel channel = channel(ctx);
        return channel == null ? () -> false : () -> gone(channel);
    }

    private static SocketChannel channel(Context ctx) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        if (request == null) {
            return null;
        }
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        return endPoint instanceof SocketChannelEndPoint socket ? socket.getChannel() : null;
    }

    private static boolean gone(SocketChannel channel) {
        if (!channel.isOpen()) {
            return true;
        }
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            return selector.selectNow() > 0;
        } catch (IOException | RuntimeException e) {
            return !channel.isOpen();
        }
    }
}
