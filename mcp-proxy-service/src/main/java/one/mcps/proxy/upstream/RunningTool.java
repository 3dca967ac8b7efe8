package one.mcps.proxy.upstream;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A running tool as tool-service describes it at {@code GET /internal/tools/running}. Fields tool-service adds later
 * are ignored, so the two services can be released independently. With several tool-service instances, {@code url}
 * of a stdio tool is the bridge of the instance that owns it ({@code owner}, since lease {@code generation}), and
 * a per_session tool lists every live instance's bridge in {@code bridgeUrls}: its client sessions are spread over
 * them.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunningTool(String id, String name, String displayName, String transport, String url,
        Map<String, String> headers, List<String> allowedRoles, Long callTimeoutMs, Integer maxConcurrency,
        String sharing, List<String> tags, String state, Object serverInfo, Object capabilities, String owner,
        Long generation, @JsonAlias({ "bridgeUrls", "bridge_urls" }) List<String> bridgeUrls) {

    public static final String STDIO = "stdio";
    public static final String SSE = "sse";
    public static final String STREAMABLE_HTTP = "streamable_http";
    public static final String PER_SESSION = "per_session";

    public Map<String, String> headers() {
        return headers == null ? Map.of() : headers;
    }

    public List<String> allowedRoles() {
        return allowedRoles == null ? List.of() : allowedRoles;
    }

    public List<String> bridgeUrls() {
        return bridgeUrls == null || bridgeUrls.isEmpty() ? List.of(url) : bridgeUrls;
    }

    /** Whether requests for this tool may go to {@code address}: its URL, or one of its bridges. */
    public boolean servesAt(String address) {
        return url.equals(address) || bridgeUrls().contains(address);
    }

    /**
     * The bridge a client session's own upstream session opens at: the same for the session on every proxy instance,
     * spread evenly over the bridges, and unchanged for most sessions when a bridge comes or goes (rendezvous
     * hashing: the bridge with the highest score for this session wins).
     */
    public String urlFor(String session) {
        String best = url;
        long bestScore = Long.MIN_VALUE;
        for (String candidate : bridgeUrls()) {
            long score = mix(session, candidate);
            if (score > bestScore) {
                bestScore = score;
                best = candidate;
            }
        }
        return best;
    }

    /** FNV-1a over both strings, then a finalizer that spreads nearby inputs. */
    private static long mix(String session, String candidate) {
        long hash = 0xcbf29ce484222325L;
        for (String part : new String[] { session, "|", candidate }) {
            for (int i = 0; i < part.length(); i++) {
                hash = (hash ^ part.charAt(i)) * 0x100000001b3L;
            }
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        return hash ^ (hash >>> 33);
    }

    /** Each client session must have an upstream session (for a bridged STDIO tool: a process) of its own. */
    public boolean perSession() {
        return PER_SESSION.equals(sharing);
    }

    /** STDIO tools are reached through tool-service's bridge, which wants this service's own token. */
    public boolean viaBridge() {
        return STDIO.equals(transport);
    }
}
