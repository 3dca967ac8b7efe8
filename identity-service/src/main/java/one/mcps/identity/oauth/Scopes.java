package one.mcps.identity.oauth;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import one.mcps.platform.security.OAuthTokens;

/**
 * The scopes MCP clients may ask for: {@code mcp} (every server the user may use) and {@code mcp:{server}} (one
 * server). Anything else is {@code invalid_scope}.
 */
public final class Scopes {

    /** The characters of an MCP server's name (the catalog's namespacing uses names of this shape). */
    public static final String SERVER_NAME = "[A-Za-z0-9][A-Za-z0-9_.-]{0,127}";

    private static final Pattern SERVER_SCOPE = Pattern.compile(Pattern.quote(OAuthTokens.SCOPE_SERVER_PREFIX)
            + SERVER_NAME);

    private Scopes() {
    }

    /** The scopes of a space-separated {@code scope} parameter; {@code mcp} when it is absent or blank. */
    public static Set<String> parse(String scope) {
        Set<String> scopes = new LinkedHashSet<>();
        if (scope == null || scope.isBlank()) {
            scopes.add(OAuthTokens.SCOPE_MCP);
            return scopes;
        }
        for (String one : scope.trim().split(" +")) {
            if (!one.equals(OAuthTokens.SCOPE_MCP) && !SERVER_SCOPE.matcher(one).matches()) {
                throw OAuthError.of(OAuthError.INVALID_SCOPE, "Unknown scope '" + printable(one) + "'; ask for 'mcp' "
                        + "or 'mcp:{server}'.");
            }
            scopes.add(one);
        }
        return scopes;
    }

    /** Whether these scopes let a token reach the server a one-server resource names. */
    public static boolean reach(Set<String> scopes, String server) {
        Set<String> servers = OAuthTokens.servers(String.join(" ", scopes));
        return servers == null || servers.contains(server);
    }

    public static String join(Set<String> scopes) {
        return String.join(" ", scopes);
    }

    public static Set<String> of(String[] scopes) {
        return new LinkedHashSet<>(List.of(scopes == null ? new String[0] : scopes));
    }

    private static String printable(String text) {
        String cut = text.length() > 64 ? text.substring(0, 64) + "…" : text;
        return one.mcps.identity.audit.Printable.of(cut);
    }
}
