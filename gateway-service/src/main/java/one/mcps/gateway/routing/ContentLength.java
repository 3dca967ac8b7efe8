package one.mcps.gateway.routing;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/** A request's declared body length, as the edge's checks read it. */
public final class ContentLength {

    /** No Content-Length, or one that is not a number: the body is streamed (or refused by the HTTP codec). */
    public static final long UNKNOWN = -1;

    private ContentLength() {
    }

    public static long of(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return UNKNOWN;
        }
        try {
            long bytes = Long.parseLong(length.trim());
            return bytes >= 0 ? bytes : UNKNOWN;
        } catch (NumberFormatException e) {
            return UNKNOWN;
        }
    }
}
