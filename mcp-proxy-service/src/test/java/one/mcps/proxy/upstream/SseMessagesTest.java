package one.mcps.proxy.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.core.buffer.Buffer;

class SseMessagesTest {

    @Test
    void eventsSplitAcrossChunksWithCrLfMultiLineDataAndAnEmptyPrimingEvent() {
        List<String> events = new ArrayList<>();
        SseMessages parser = new SseMessages(events::add);

        parser.handle(Buffer.buffer("id: 1\r\ndata: \r\n\r\n: keep-alive\r\nevent: message\r\nda"));
        parser.handle(Buffer.buffer("ta: {\"jsonrpc\":\"2.0\",\r\ndata:\"id\":7}\r\n"));
        parser.handle(Buffer.buffer("\r\ndata: {\"id\":8}\n\n"));

        assertEquals(List.of("{\"jsonrpc\":\"2.0\",\n\"id\":7}", "{\"id\":8}"), events);
    }
}
