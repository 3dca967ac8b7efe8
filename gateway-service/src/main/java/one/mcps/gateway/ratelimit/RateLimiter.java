package one.mcps.gateway.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.inject.Singleton;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import one.mcps.gateway.auth.EdgePrincipal;
import one.mcps.platform.config.RuntimeSettings;

/**
 * Token buckets per caller: one for ordinary requests, one for MCP tool calls. The limits come from configuration
 * and follow the runtime settings on {@code mcps.system.config} as they change.
 */
@Singleton
public class RateLimiter {

    private final RateLimitConfig config;
    private final RuntimeSettings settings;
    private final Cache<String, TokenBucket> buckets;

    public RateLimiter(RateLimitConfig config, RuntimeSettings settings) {
        this.config = config;
        this.settings = settings;
        this.buckets = Caffeine.newBuilder().expireAfterAccess(config.bucketIdle()).maximumSize(config.maxBuckets())
                .build();
    }

    /** Counts one request of the caller. */
    public RateDecision request(EdgePrincipal principal) {
        return take("req:" + principal.name(), 1, requestLimit(principal));
    }

    /** Counts {@code calls} MCP tools/call messages of the caller. */
    public RateDecision toolCalls(EdgePrincipal principal, int calls) {
        return take("mcp:" + principal.name(), calls, mcpCallsPerMinute());
    }

    private RateDecision take(String key, int cost, int limit) {
        if (!enabled() || cost == 0) {
            return RateDecision.UNLIMITED;
        }
        long now = System.nanoTime();
        return buckets.get(key, k -> new TokenBucket(limit, now)).take(cost, limit, now);
    }

    public boolean enabled() {
        return settings.getBoolean(config.settings().enabled(), config.enabled());
    }

    public int requestLimit(EdgePrincipal principal) {
        if (principal.anonymous()) {
            return anonymousPerMinute();
        }
        int limit = -1;
        for (String role : principal.roles()) {
            Integer override = config.roles().get(role);
            if (override != null && override > limit) {
                limit = override;
            }
        }
        return limit < 0 ? requestsPerMinute() : limit;
    }

    public int requestsPerMinute() {
        return (int) settings.getLong(config.settings().requestsPerMinute(), config.requestsPerMinute());
    }

    public int anonymousPerMinute() {
        return (int) settings.getLong(config.settings().anonymousPerMinute(), config.anonymousPerMinute());
    }

    public int mcpCallsPerMinute() {
        return (int) settings.getLong(config.settings().mcpCallsPerMinute(), config.mcpCallsPerMinute());
    }

    /** The limits in force, for the gateway's config page. */
    public Map<String, Object> describe() {
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("enabled", enabled());
        limits.put("requests_per_minute", requestsPerMinute());
        limits.put("anonymous_requests_per_minute", anonymousPerMinute());
        limits.put("mcp_calls_per_minute", mcpCallsPerMinute());
        limits.put("roles", config.roles());
        return limits;
    }
}
