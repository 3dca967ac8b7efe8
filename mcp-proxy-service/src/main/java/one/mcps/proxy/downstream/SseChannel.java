package one.mcps.proxy.downstream;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** A Server-Sent Events stream on a Vert.x response: one {@code message} event per JSON-RPC message. */
public final class SseChannel implements Channel {

    private final HttpServerResponse response;

    private SseChannel(HttpServerResponse response) {
        this.response = response;
    }

    /** Sends the SSE headers now, so the client sees the stream open before the first event. */
    public static SseChannel open(HttpServerResponse response, int status) {
        response.setStatusCode(status).setChunked(true)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache, no-transform")
                .putHeader("X-Accel-Buffering", "no");
        response.write(": open\n\n");
        return new SseChannel(response);
    }

    @Override
    public boolean send(JsonObject message) {
        return event("message", message.encode());
    }

    public boolean event(String name, String data) {
        if (response.ended() || response.closed()) {
            return false;
        }
        response.write("event: " + name + "\ndata: " + data + "\n\n");
        return true;
    }

    @Override
    public boolean keepAlive() {
        if (response.ended() || response.closed()) {
            return false;
        }
        response.write(": keep-alive\n\n");
        return true;
    }

    @Override
    public void close() {
        end();
    }

    public void end() {
        if (!response.ended() && !response.closed()) {
            response.end();
        }
    }

    public HttpServerResponse response() {
        return response;
    }
}
