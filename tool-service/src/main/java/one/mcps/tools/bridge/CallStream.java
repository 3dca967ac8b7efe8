package one.mcps.tools.bridge;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * The response to one client request: plain JSON when all the server sends about the request is its answer, an event
 * stream from the moment it sends something first (progress, a log message, a request of its own to the client) and
 * the client accepts one — so the client learns which request that belongs to, and a plain call pays nothing for the
 * possibility.
 */
final class CallStream {

    private final HttpServerResponse response;
    private final boolean eventsAccepted;
    private boolean open;

    /** {@code openNow}: the client asked for the stream from the start (a request with a progress token). */
    CallStream(HttpServerResponse response, boolean eventsAccepted, boolean openNow) {
        this.response = response;
        this.eventsAccepted = eventsAccepted;
        if (openNow) {
            SseWriter.open(response);
            open = true;
        }
    }

    /** Something about the request before its answer; false when it cannot go on this response. */
    synchronized boolean send(byte[] json) {
        if (!open) {
            if (!eventsAccepted || response.ended() || response.closed()) {
                return false;
            }
            SseWriter.open(response);
            open = true;
        }
        return SseWriter.send(response, json);
    }

    /** The answer, which ends the response. */
    synchronized void answer(byte[] reply) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (open) {
            SseWriter.send(response, reply);
            response.end();
        } else {
            response.putHeader("Content-Type", "application/json").end(Buffer.buffer(reply));
        }
    }
}
