package one.mcps.gateway.ratelimit;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;

import io.vertx.core.buffer.Buffer;
import one.mcps.platform.json.StrictJson;

/**
 * Counts the {@code tools/call} messages of one MCP POST body while it arrives, chunk by chunk, with Jackson's
 * non-blocking parser: the body is never parsed in one go on the event loop, and a chunked body is counted the same
 * way as one of known length.
 *
 * <p>The JSON rules are the platform's {@link StrictJson}, as mcp-proxy reads: RFC 8259 and nothing more, duplicate
 * names refused, exactly one root value, and UTF-8. A body it cannot read is
 * {@linkplain Malformed malformed}, and the gateway refuses it rather than forwarding it uncounted: whatever JSON the
 * gateway and the proxy disagree on is where calls slip past the limit (a batch behind a comment was one such).
 * Only an object whose top-level {@code method} is {@code "tools/call"}, alone or as an element of a root array,
 * is a call. Of a single message it also keeps what the MCP standard headers must mirror (its {@code method},
 * {@code params.name}, {@code params.uri}) and its {@code id}, for {@link McpHeaderCheck}.
 */
final class ToolCallCounter {

    private static final String TOOLS_CALL = "tools/call";

    /** The body is not one JSON value the gateway and the proxy read alike. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private final JsonParser parser;
    private final ByteArrayFeeder feeder;
    /** Nesting depth after the last token: 0 outside the root value. */
    private int depth;
    /** Depth at which messages are objects: 1 for a single message, 2 for the elements of a batch. */
    private int messageDepth;
    private boolean rootDone;
    private boolean methodValueNext;
    private boolean toolCall;
    private int calls;
    /** Of a single message: the field whose value comes next ("params.name" inside params), and what was read. */
    private String field;
    private boolean inParams;
    private String method;
    private Object id;
    private String name;
    private String uri;

    ToolCallCounter() {
        try {
            parser = StrictJson.factory().createNonBlockingByteArrayParser();
        } catch (IOException e) {
            throw new IllegalStateException("No non-blocking JSON parser", e);
        }
        feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
    }

    /** Reads the next part of the body. */
    void feed(Buffer chunk) throws Malformed {
        byte[] bytes = chunk.getBytes();
        try {
            feeder.feedInput(bytes, 0, bytes.length);
        } catch (IOException e) {
            throw malformed(e);
        }
        drain();
    }

    /** The number of tools/call messages, once the whole body was fed. */
    int finish() throws Malformed {
        feeder.endOfInput();
        drain();
        if (!rootDone) {
            throw new Malformed(depth == 0 ? "The body is empty." : "The body ends inside a JSON value.");
        }
        return calls;
    }

    private void drain() throws Malformed {
        try {
            for (JsonToken token = parser.nextToken(); token != null && token != JsonToken.NOT_AVAILABLE;
                    token = parser.nextToken()) {
                read(token);
            }
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    private void single(String at, JsonToken token) throws IOException {
        String text = token == JsonToken.VALUE_STRING ? parser.getText() : null;
        switch (at) {
            case "method" -> method = text;
            case "id" -> id = text != null ? text : token.isNumeric() ? parser.getNumberValue() : null;
            case "params.name" -> name = text;
            case "params.uri" -> uri = text;
            default -> {
            }
        }
    }

    /** Whether the body is a batch (a root array); meaningful once {@link #finish()} returned. */
    boolean batch() {
        return messageDepth == 2;
    }

    /** A single message's {@code method}, when a string. */
    String method() {
        return method;
    }

    /** A single message's {@code id}: a string, a number, or null. */
    Object id() {
        return id;
    }

    /** A single message's {@code params.name}, when a string. */
    String name() {
        return name;
    }

    /** A single message's {@code params.uri}, when a string. */
    String uri() {
        return uri;
    }

    private static Malformed malformed(IOException e) {
        return new Malformed(e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage());
    }

    private void read(JsonToken token) throws IOException, Malformed {
        if (rootDone) {
            throw new Malformed("The body holds more than one JSON value.");
        }
        if (depth == 0) {
            messageDepth = token == JsonToken.START_ARRAY ? 2 : 1;
        }
        if (methodValueNext) {
            methodValueNext = false;
            toolCall = token == JsonToken.VALUE_STRING && TOOLS_CALL.equals(parser.getText());
        }
        if (field != null && token.isScalarValue()) {
            single(field, token);
        }
        if (token.isStructStart()) {
            inParams = inParams || depth == 1 && messageDepth == 1 && "params".equals(field)
                    && token == JsonToken.START_OBJECT;
            field = null;
            depth++;
            if (depth == messageDepth && token == JsonToken.START_OBJECT) {
                toolCall = false;
            }
        } else if (token.isStructEnd()) {
            if (depth == 2 && inParams) {
                inParams = false;
            }
            if (depth == messageDepth && token == JsonToken.END_OBJECT && toolCall) {
                calls++;
                toolCall = false;
            }
            depth--;
        } else if (token == JsonToken.FIELD_NAME && depth == messageDepth) {
            methodValueNext = "method".equals(parser.currentName());
        }
        if (token == JsonToken.FIELD_NAME && messageDepth == 1) {
            field = depth == 1 ? parser.currentName() : inParams && depth == 2 ? "params." + parser.currentName()
                    : null;
        } else if (token.isScalarValue()) {
            field = null;
        }
        if (depth == 0) {
            rootDone = true;
        }
    }
}
