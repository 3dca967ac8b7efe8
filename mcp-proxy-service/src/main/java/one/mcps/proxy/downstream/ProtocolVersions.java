package one.mcps.proxy.downstream;

import java.util.List;

/**
 * The MCP protocol versions this proxy speaks to clients, newest first: the stateless revision (2026-07-28: no
 * initialize, no session, everything in each request's {@code _meta}) beside the stateful ones, at the same URL.
 */
public final class ProtocolVersions {

    /** The stateless revision; a request names it in {@code _meta}, never at an initialize. */
    public static final String STATELESS = "2026-07-28";
    /** The stateless revisions served; what server/discover and the unsupported-version error list. */
    public static final List<String> STATELESS_SUPPORTED = List.of(STATELESS);

    public static final String LATEST = "2025-11-25";
    /** The HTTP+SSE transport's version; only clients of /sse negotiate it. */
    public static final String LEGACY = "2024-11-05";
    /** The versions an initialize can agree on. */
    public static final List<String> SUPPORTED = List.of(LATEST, "2025-06-18", "2025-03-26", LEGACY);

    private ProtocolVersions() {
    }

    /** The client's version when we speak it, else our latest (the client then decides whether to go on). */
    public static String negotiate(String requested) {
        return requested != null && SUPPORTED.contains(requested) ? requested : LATEST;
    }

    /**
     * Whether a version belongs to the stateless era: 2026-07-28 and every later one, known or not (dates compare as
     * text), so a newer revision we do not serve is answered with the stateless era's unsupported-version error.
     */
    public static boolean isStateless(String version) {
        return version != null && version.compareTo(STATELESS) >= 0;
    }
}
