package one.mcps.gateway.routing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything the gateway routes and enforces, from {@code mcps.gateway.*} in application.properties. */
@ConfigMapping(prefix = "mcps.gateway")
public interface GatewayConfig {

    /** The services behind the gateway, by name (e.g. {@code identity-service}). */
    Map<String, UpstreamConfig> upstreams();

    /** Path prefixes and how to forward them, by route name. */
    Map<String, RouteConfig> routes();

    /** How long a streaming route (SSE, WebSocket, MCP) may stay silent before the gateway gives up on it. */
    @WithDefault("10m")
    Duration streamIdleTimeout();

    /** Largest request body any route accepts (413 above it). */
    @WithDefault("10M")
    MemorySize maxBodySize();

    /** Retry-After of a 503 when an upstream does not answer. */
    @WithDefault("5s")
    Duration unavailableRetryAfter();

    /** Connections kept open to each upstream instance, per event loop. */
    @WithDefault("200")
    int poolSizePerInstance();

    @WithDefault("2s")
    Duration connectTimeout();

    /**
     * The local address the gateway connects to the services from. On one machine every local process connects from
     * 127.0.0.1, so the services behind the gateway can believe its {@code X-Forwarded-For} (identity's audit
     * address) only when it comes from an address of its own, such as 127.0.0.2. Unset: the system chooses.
     */
    Optional<String> sourceAddress();

    /** Every {@code method path} (or bare {@code path}, any method) that needs no token; exact or ending in /*. */
    List<String> publicPaths();

    AccessLogConfig accessLog();

    interface UpstreamConfig {
        /** Base URLs of its instances ({@code http://host:port}); several only for mcp-proxy-service. */
        List<String> urls();

        /** What the gateway probes to report the upstream's health. */
        @WithDefault("/q/health/live")
        String healthPath();
    }

    interface RouteConfig {
        /** The upstream name from {@link GatewayConfig#upstreams()}. */
        String upstream();

        /** A path matches when it equals a prefix or continues it with "/". */
        List<String> prefixes();

        /** Time to the upstream's first byte before a 504 (not for streaming routes). */
        @WithDefault("30s")
        Duration timeout();

        /** Long-lived responses (SSE, WebSocket): only an idle timeout applies. */
        @WithDefault("false")
        boolean streaming();

        /** Requests carrying Mcp-Session-Id stay on the instance that created the session. */
        @WithDefault("false")
        boolean sessionAffinity();

        /** Rate-limited per MCP tools/call instead of per HTTP request. */
        @WithDefault("false")
        boolean countToolCalls();

        /**
         * MCP endpoints as OAuth protected resources: a refusal points to their metadata, and a token bound to
         * another resource, or without the scope of this one, is refused at the edge.
         */
        @WithDefault("false")
        boolean protectedResource();

        Optional<MemorySize> maxBodySize();
    }

    interface AccessLogConfig {
        @WithDefault("true")
        boolean enabled();
    }
}
