package one.mcps.gateway.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of one rate-limit check, with what the RateLimit headers tell the caller.
 *
 * @param allowed whether the request may pass
 * @param limit requests (or tool calls) allowed per minute
 * @param remaining what is left right now
 * @param resetS seconds until the allowance is whole again
 * @param retryAfterS when refused, seconds until one more is allowed
 */
public record RateDecision(boolean allowed, int limit, int remaining, long resetS, long retryAfterS) {

    /** Passes everything, when rate limiting is switched off. */
    public static final RateDecision UNLIMITED = new RateDecision(true, 0, 0, 0, 0);

    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        if (this == UNLIMITED) {
            return headers;
        }
        headers.put("RateLimit-Limit", Integer.toString(limit));
        headers.put("RateLimit-Remaining", Integer.toString(remaining));
        headers.put("RateLimit-Reset", Long.toString(resetS));
        if (!allowed) {
            headers.put("Retry-After", Long.toString(retryAfterS));
        }
        return headers;
    }
}
