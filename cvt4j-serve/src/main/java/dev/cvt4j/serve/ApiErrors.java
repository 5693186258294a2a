package dev.cvt4j.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Map;

/**
 * The server's errors: each an {@link HttpResponseException} carrying its status and a stable
 * machine-readable code, answered as {@code {"error": "one line", "code": "queue_full"}}.
 */
final class ApiErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiErrors() {}

    static HttpResponseException of(int status, String code, String message) {
        return new HttpResponseException(status, message, Map.of("code", code));
    }

    static HttpResponseException badRequest(String message) {
        return of(400, "bad_request", message);
    }

    static HttpResponseException tooLarge(String message) {
        return of(413, "too_large", message);
    }

    static HttpResponseException unsupportedType(String message) {
        return of(415, "unsupported_media_type", message);
    }

    static HttpResponseException notFound(String message) {
        return of(404, "not_found", message);
    }

    static HttpResponseException notReady(String message) {
        return of(503, "not_ready", message);
    }

    /**
     * Answers an exception as JSON; Javalin's own (404 for an unknown route, 413 above the body limit,
     * 405) get a code from their status. The caller first disposes of the body the request may not
     * have read ({@link UnreadBody}).
     */
    static void answer(HttpResponseException e, Context ctx) {
        String code = e.getDetails()
                .getOrDefault(
                        "code",
                        switch (e.getStatus()) {
                            case 404 -> "not_found";
                            case 405 -> "method_not_allowed";
                            case 413 -> "too_large";
                            default -> "http_" + e.getStatus();
                        });
        String message = e.getMessage() == null || e.getMessage().isBlank() ? "HTTP " + e.getStatus() : e.getMessage();
        write(ctx, e.getStatus(), code, message);
    }

    /** Writes {@code {"error", "code"}} with the status. */
    static void write(Context ctx, int status, String code, String message) {
        ctx.status(status)
                .contentType("application/json")
                .result(JSON.createObjectNode()
                        .put("error", message.lines().findFirst().orElse(message))
                        .put("code", code)
                        .toString());
    }
}
