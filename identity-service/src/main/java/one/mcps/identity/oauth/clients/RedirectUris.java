package one.mcps.identity.oauth.clients;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Which redirect URIs a client may register and how a requested one is matched. Matching is exact (OAuth 2.1), with
 * the one exception of RFC 8252 §7.3: a native app's loopback redirect ({@code http://127.0.0.1}, {@code
 * http://[::1]}, {@code http://localhost}) may use any port, since the app picks a free one at each start.
 */
public final class RedirectUris {

    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "[::1]", "localhost");
    /** Schemes that would run or read something in the browser instead of handing the code to an app. */
    private static final Set<String> REFUSED_SCHEMES = Set.of("javascript", "data", "file", "vbscript", "about",
            "blob", "ws", "wss", "ftp");

    private RedirectUris() {
    }

    /**
     * Why {@code uri} cannot be registered, or null when it can: absolute, no fragment; https, http on a loopback
     * host only (RFC 8252 §7.3), or an app's private-use scheme such as {@code cursor://} (RFC 8252 §7.1).
     */
    public static String problem(String uri) {
        if (uri == null || uri.isBlank()) {
            return "is empty";
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            return "is not a URI";
        }
        if (!parsed.isAbsolute() || parsed.getScheme() == null) {
            return "is not absolute";
        }
        if (parsed.getRawFragment() != null) {
            return "has a fragment";
        }
        String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return parsed.getHost() == null ? "names no host" : null;
        }
        if (scheme.equals("http")) {
            return isLoopback(parsed) ? null : "uses http on a host that is not a loopback address (use https)";
        }
        return REFUSED_SCHEMES.contains(scheme) ? "uses the scheme " + scheme + ", which cannot receive a code" : null;
    }

    /** Whether the requested {@code given} URI matches the registered one. */
    public static boolean matches(String registered, String given) {
        if (registered.equals(given)) {
            return true;
        }
        try {
            URI a = new URI(registered);
            URI b = new URI(given);
            return "http".equals(a.getScheme()) && "http".equals(b.getScheme()) && isLoopback(a)
                    && Objects.equals(a.getHost(), b.getHost()) && a.getRawUserInfo() == null
                    && b.getRawUserInfo() == null && Objects.equals(a.getRawPath(), b.getRawPath())
                    && Objects.equals(a.getRawQuery(), b.getRawQuery()) && b.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isLoopback(URI uri) {
        return uri.getHost() != null && LOOPBACK_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT));
    }
}
