package one.mcps.tools.bridge;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** Writes JSON-RPC messages as Server-Sent Events ({@code event: message}). */
final class SseWriter {

    private static final Buffer HEAD = Buffer.buffer("event: message\ndata: ");
    private static final Buffer TAIL = Buffer.buffer("\n\n");

    private SseWriter() {
    }

    static void open(HttpServerResponse response) {
        response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache");
    }

    /** False when the stream is gone. */
    static boolean send(HttpServerResponse response, byte[] json) {
        if (response == null || response.ended() || response.closed()) {
            return false;
        }
        response.write(HEAD.copy().appendBytes(json).appendBuffer(TAIL));
        return true;
    }
}
