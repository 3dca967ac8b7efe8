package one.mcps.proxy.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names in the aggregated catalog: {@code {server}__{name}}. Clients limit tool names to 64 characters, so a
 * longer one keeps its start and ends in a hash of the full name, the same on every proxy and every restart.
 */
public final class ToolNames {

    public static final String SEPARATOR = "__";
    public static final int MAX_LENGTH = 64;
    private static final int HASH_CHARS = 8;

    private ToolNames() {
    }

    public static String qualified(String server, String name) {
        String full = server + SEPARATOR + name;
        if (full.length() <= MAX_LENGTH) {
            return full;
        }
        return full.substring(0, MAX_LENGTH - HASH_CHARS - 1) + "_" + hash(full);
    }

    private static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** Resource URIs carry the server as a prefix of their scheme: {@code everything+demo://resource/1}. */
    public static String qualifiedUri(String server, String uri) {
        return server + "+" + uri;
    }
}
