package one.mcps.proxy.upstream;

import java.util.function.Consumer;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;

/**
 * Cuts a {@code text/event-stream} body into the data of its events as they arrive, so a server request in the
 * middle of a call's stream can be answered before the stream ends. Event names, ids and comments carry nothing a
 * JSON-RPC reader needs; events without data (a server's priming event for resumption) are skipped.
 */
final class SseMessages implements Handler<Buffer> {

    private final RecordParser lines;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;

    SseMessages(Consumer<String> onData) {
        this.lines = RecordParser.newDelimited("\n", line -> line(line.toString(), onData));
    }

    @Override
    public void handle(Buffer chunk) {
        lines.handle(chunk);
    }

    private void line(String raw, Consumer<String> onData) {
        String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        if (line.isEmpty()) {
            String event = data.toString();
            data.setLength(0);
            hasData = false;
            if (!event.isBlank()) {
                onData.accept(event);
            }
        } else if (line.startsWith("data:")) {
            if (hasData) {
                data.append('\n');
            }
            data.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
            hasData = true;
        }
    }
}
