package one.mcps.platform.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The MCP 2026-07-28 standard headers' values as the gateway and mcp-proxy both read them: {@code Mcp-Name} mirrors
 * one body field per method, and a value that is not plain text arrives as {@code =?base64?...?=}.
 */
public final class McpHeaderValues {

    private static final String SENTINEL_PREFIX = "=?base64?";
    private static final String SENTINEL_SUFFIX = "?=";
    private static final Pattern CANONICAL_BASE64 = Pattern.compile(
            "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$");
    private static final Map<String, String> NAME_FIELD = Map.of("tools/call", "name", "prompts/get", "name",
            "resources/read", "uri");

    private McpHeaderValues() {
    }

    /** The body field under {@code params} that {@code Mcp-Name} mirrors for this method; null when none does. */
    public static String nameField(String method) {
        return method == null ? null : NAME_FIELD.get(method);
    }

    /** A header value as sent, or the text of a {@code =?base64?...?=} one; null when that is not valid. */
    public static String decode(String value) {
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
