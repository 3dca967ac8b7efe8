package one.mcps.platform.security;

import java.util.Optional;

/** The shape of an API key: {@code mcps_<key id>_<secret>}; the key id never contains an underscore. */
public final class ApiKeyFormat {

    public static final String PREFIX = "mcps_";

    private ApiKeyFormat() {
    }

    public static boolean looksLikeKey(String token) {
        return token != null && token.startsWith(PREFIX);
    }

    public static String compose(String keyId, String secret) {
        return PREFIX + keyId + "_" + secret;
    }

    /** The key id of a well-formed key, else empty. */
    public static Optional<String> keyId(String key) {
        return parts(key).map(p -> p[0]);
    }

    /** The secret part of a well-formed key, else empty. */
    public static Optional<String> secret(String key) {
        return parts(key).map(p -> p[1]);
    }

    private static Optional<String[]> parts(String key) {
        if (!looksLikeKey(key)) {
            return Optional.empty();
        }
        String rest = key.substring(PREFIX.length());
        int split = rest.indexOf('_');
        if (split <= 0 || split == rest.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new String[] { rest.substring(0, split), rest.substring(split + 1) });
    }
}
