package one.mcps.gateway.ratelimit;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;

/**
 * MCP 2026-07-28's standard headers, {@code Mcp-Method} and {@code Mcp-Name}, exist so that intermediaries like this
 * gateway can route and police a request without reading its body. A client controls both, so before any policy here
 * relies on them they must say what the body says: a request whose headers disagree with its body is refused with the
 * revision's {@code -32020} (HTTP 400), and neither charged nor forwarded. Whether they must be present depends on the
 * revision the body claims, which mcp-proxy decides; the gateway checks agreement only. A non-ASCII name travels as
 * {@code =?base64?...?=}.
 */
final class McpHeaderCheck {

    static final String METHOD = "Mcp-Method";
    static final String NAME = "Mcp-Name";
    /** The JSON-RPC error code of MCP 2026-07-28 for headers that disagree with the body. */
    static final int HEADER_MISMATCH = -32020;

    private static final String SENTINEL_PREFIX = "=?base64?";
    private static final String SENTINEL_SUFFIX = "?=";
    private static final Pattern CANONICAL_BASE64 = Pattern.compile(
            "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$");
    /** Which body value {@code Mcp-Name} mirrors, per method. */
    private static final Map<String, String> NAME_FIELD = Map.of("tools/call", "name", "prompts/get", "name",
            "resources/read", "uri");

    private McpHeaderCheck() {
    }

    /** The JSON-RPC error answering a body whose headers disagree with it, or null when they agree. */
    static JsonObject mismatch(MultiMap headers, ToolCallCounter body) {
        String methodHeader = strip(headers.get(METHOD));
        String nameHeader = strip(headers.get(NAME));
        if (methodHeader == null && nameHeader == null) {
            return null;
        }
        if (body.batch()) {
            return error(null, "a batch carries several messages, but " + (methodHeader != null ? METHOD : NAME)
                    + " names one");
        }
        if (methodHeader != null && !methodHeader.equals(body.method())) {
            return error(body.id(), "the body names method " + body.method() + " but " + METHOD + " names "
                    + methodHeader);
        }
        String field = NAME_FIELD.get(body.method());
        if (nameHeader == null || field == null) {
            return null;
        }
        String value = "uri".equals(field) ? body.uri() : body.name();
        String decoded = decode(nameHeader);
        if (decoded == null) {
            return error(body.id(), "the " + NAME + " header carries an invalid Base64 value");
        }
        return value == null || decoded.equals(value) ? null : error(body.id(), "the body carries params." + field
                + "=\"" + value + "\" but " + NAME + " names \"" + decoded + "\"");
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }

    /** A header value as sent, or the text of a {@code =?base64?...?=} one; null when that is not valid. */
    private static String decode(String value) {
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

    private static JsonObject error(Object id, String detail) {
        return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("error", new JsonObject()
                .put("code", HEADER_MISMATCH).put("message", "Bad Request: the request headers and body disagree: "
                        + detail));
    }
}
