package one.mcps.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Default limits ({@code mcps.gateway.rate-limit.*}); the runtime settings named in {@link #settings()} override them. */
@ConfigMapping(prefix = "mcps.gateway.rate-limit")
public interface RateLimitConfig {

    @WithDefault("true")
    boolean enabled();

    /** Per signed-in caller (the seed's {@code requests_per_minute}). */
    @WithDefault("60")
    int requestsPerMinute();

    /** Per role, overriding {@link #requestsPerMinute()}; a caller with several roles gets the highest. */
    Map<String, Integer> roles();

    /** Per client address, for requests without a credential (login, register). */
    @WithDefault("30")
    int anonymousPerMinute();

    /** MCP tools/call messages per caller and minute through /mcp. */
    @WithDefault("120")
    int mcpCallsPerMinute();

    /**
     * The largest MCP POST body: each is read whole to count its tools/call messages, so one that is larger (declared
     * or as it arrives) is refused with 413 rather than forwarded uncounted.
     */
    @WithDefault("1M")
    MemorySize mcpMaxBodySize();

    /** How long an idle caller's bucket is kept. */
    @WithDefault("5m")
    Duration bucketIdle();

    @WithDefault("100000")
    long maxBuckets();

    /** Runtime setting keys on {@code mcps.system.config} that change the limits. */
    Settings settings();

    interface Settings {
        @WithDefault("rate_limiting_enabled")
        String enabled();

        @WithDefault("requests_per_minute")
        String requestsPerMinute();

        @WithDefault("anonymous_requests_per_minute")
        String anonymousPerMinute();

        @WithDefault("mcp_calls_per_minute")
        String mcpCallsPerMinute();
    }
}
