package one.mcps.proxy.downstream.streamable;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import one.mcps.proxy.jsonrpc.JsonRpc;

/**
 * The standard headers a stateless (2026-07-28) request must carry so that intermediaries can route and police it
 * without reading the body — {@code MCP-Protocol-Version}, {@code Mcp-Method}, and {@code Mcp-Name} for the methods
 * that name one thing — checked against the body before anything trusts them. A value that is not plain ASCII travels
 * as {@code =?base64?...?=}.
 */
final class StandardHeaders {

    static final String VERSION = StreamableHttpRoutes.VERSION_HEADER;
    static final String METHOD = "Mcp-Method";
    static final String NAME = "Mcp-Name";

    /** The body field {@code Mcp-Name} mirrors, per method. */
    private static final Map<String, String> NAME_SOURCE = Map.of("tools/call", "name", "prompts/get", "name",
            "resources/read", "uri");
    private static final String SENTINEL_PREFIX = "=?base64?";
    private static final String SENTINEL_SUFFIX = "?=";
    private static final Pattern CANONICAL_BASE64 = Pattern.compile(
            "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$");

    private StandardHeaders() {
    }

    /** The mismatch a request's headers show against its body, or null when they agree. */
    static Era.Refused check(MultiMap headers, JsonObject request) {
        Object id = request.getValue("id");
        String method = request.getString("method");
        if (headers.get(VERSION) == null) {
            return Era.mismatch(id, "the required " + VERSION + " header is absent");
        }
        if (headers.get(METHOD) == null) {
            return Era.mismatch(id, "the body names method " + method + " but the required " + METHOD
                    + " header is absent");
        }
        String field = NAME_SOURCE.get(method);
        Object params = request.getValue("params");
        String body = field != null && params instanceof JsonObject p && p.getValue(field) instanceof String v ? v
                : null;
        String header = headers.get(NAME);
        if (body == null) {
            return null;
        }
        if (header == null) {
            return Era.mismatch(id, "the body carries params." + field + "=\"" + body + "\" but the required " + NAME
                    + " header is absent");
        }
        String decoded = decode(header.strip());
        if (decoded == null) {
            return Era.mismatch(id, "the " + NAME + " header carries an invalid Base64 value");
        }
        return decoded.equals(body) ? null : Era.mismatch(id, "the body carries params." + field + "=\"" + body
                + "\" but " + NAME + " names \"" + decoded + "\"");
    }

    /** A header value as sent, or the text of a {@code =?base64?...?=} one; null when that is not valid. */
    static String decode(String value) {
        if (!value.startsWith(SENTINEL_PREFIX) || !value.endsWith(SENTINEL_SUFFIX)
                || value.length() < SENTINEL_PREFIX.length() + SENTINEL_SUFFIX.length()) {
            return value;
        }
        String base64 = value.substring(SENTINEL_PREFIX.length(), value.length() - SENTINEL_SUFFIX.length());
        if (!CANONICAL_BASE64.matcher(base64).matches()) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Base64.getDecoder().decode(base64))).toString();
        } catch (CharacterCodingException | IllegalArgumentException e) {
            return null;
        }
    }
}
