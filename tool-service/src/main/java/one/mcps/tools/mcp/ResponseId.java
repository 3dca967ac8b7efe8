package one.mcps.tools.mcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Where the integer id of a JSON-RPC response sits in the bytes a server wrote, found with a streaming scan of
 * the top level (no tree, no re-serialization): the bridge passes the response on as it came, with only the
 * bytes of the id replaced by the client's own id.
 */
record ResponseId(long id, int start, int end) {

    private static final JsonFactory JSON = JsonRpc.MAPPER.getFactory();

    /** The id of {@code message} if it is a response (result or error, no method) with an integer id, else null. */
    static ResponseId of(byte[] message) {
        try (JsonParser parser = JSON.createParser(message)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            boolean answer = false;
            ResponseId found = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "method" -> {
                        return null;
                    }
                    case "result", "error" -> answer = true;
                    case "id" -> found = value == JsonToken.VALUE_NUMBER_INT ? at(parser, message) : null;
                    default -> {
                        // other members pass through untouched
                    }
                }
                parser.skipChildren();
            }
            return answer ? found : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static ResponseId at(JsonParser parser, byte[] message) throws IOException {
        long id = parser.getLongValue();
        int start = (int) parser.currentTokenLocation().getByteOffset();
        byte[] digits = Long.toString(id).getBytes(StandardCharsets.US_ASCII);
        if (start < 0 || start + digits.length > message.length) {
            return null;
        }
        for (int i = 0; i < digits.length; i++) {
            if (message[start + i] != digits[i]) {
                return null; // written some other way (1.0e0, -0…): the caller takes the slow path
            }
        }
        return new ResponseId(id, start, start + digits.length);
    }

    /** {@code message} with this id replaced by {@code id} (serialized JSON). */
    byte[] replacedBy(byte[] message, byte[] id) {
        byte[] out = new byte[message.length - (end - start) + id.length];
        System.arraycopy(message, 0, out, 0, start);
        System.arraycopy(id, 0, out, start, id.length);
        System.arraycopy(message, end, out, start + id.length, message.length - end);
        return out;
    }
}
