package one.mcps.gateway.routing;

import java.time.Duration;
import java.util.List;

/**
 * One entry of the route table: which path prefixes go to which upstream, with what limits.
 *
 * @param name the route's name (metrics, access log, status)
 * @param upstream the upstream it forwards to
 * @param prefixes path prefixes it owns
 * @param timeout time to the upstream's first byte (for streaming routes: the idle timeout)
 * @param streaming whether responses are long-lived (SSE, WebSocket)
 * @param sessionAffinity whether Mcp-Session-Id pins a request to one instance
 * @param countToolCalls whether the rate limit counts MCP tools/call messages rather than requests
 * @param protectedResource whether its paths are MCP endpoints, OAuth protected resources
 * @param maxBodyBytes the largest request body accepted
 */
public record Route(String name, Upstream upstream, List<String> prefixes, Duration timeout, boolean streaming,
        boolean sessionAffinity, boolean countToolCalls, boolean protectedResource, long maxBodyBytes) {

    /** True when the path is one of the prefixes or lies below one. */
    public boolean matches(String path) {
        for (String prefix : prefixes) {
            if (path.startsWith(prefix)
                    && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
                return true;
            }
        }
        return false;
    }
}
