package one.mcps.proxy.downstream;

import java.util.List;

/** The MCP protocol versions this proxy speaks to clients, newest first. */
public final class ProtocolVersions {

    public static final String LATEST = "2025-11-25";
    /** The HTTP+SSE transport's version; only clients of /sse negotiate it. */
    public static final String LEGACY = "2024-11-05";
    public static final List<String> SUPPORTED = List.of(LATEST, "2025-06-18", "2025-03-26", LEGACY);

    private ProtocolVersions() {
    }

    /** The client's version when we speak it, else our latest (the client then decides whether to go on). */
    public static String negotiate(String requested) {
        return requested != null && SUPPORTED.contains(requested) ? requested : LATEST;
    }
}
