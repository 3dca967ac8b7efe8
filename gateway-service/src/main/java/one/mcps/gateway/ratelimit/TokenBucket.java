package one.mcps.gateway.ratelimit;

/**
 * A token bucket holding up to {@code limit} tokens that refills at {@code limit} per minute, so a caller may burst
 * up to its whole minute's allowance and then gets one request per {@code 60/limit} seconds.
 */
final class TokenBucket {

    private static final double NANOS_PER_MINUTE = 60e9;

    private int limit;
    private double tokens;
    private long updatedAt;

    TokenBucket(int limit, long now) {
        this.limit = limit;
        this.tokens = limit;
        this.updatedAt = now;
    }

    /** Takes {@code cost} tokens if there are enough; a changed limit applies from now on. */
    synchronized RateDecision take(int cost, int currentLimit, long now) {
        refill(now);
        if (currentLimit != limit) {
            tokens = Math.min(tokens + currentLimit - limit, currentLimit);
            limit = currentLimit;
        }
        boolean allowed = tokens >= cost;
        if (allowed) {
            tokens -= cost;
        }
        double perToken = NANOS_PER_MINUTE / limit;
        long resetS = (long) Math.ceil((limit - tokens) * perToken / 1e9);
        long retryAfterS = allowed ? 0 : Math.max(1, (long) Math.ceil((cost - tokens) * perToken / 1e9));
        return new RateDecision(allowed, limit, (int) Math.floor(Math.max(tokens, 0)), resetS, retryAfterS);
    }

    private void refill(long now) {
        long elapsed = now - updatedAt;
        if (elapsed > 0) {
            tokens = Math.min(limit, tokens + elapsed * limit / NANOS_PER_MINUTE);
            updatedAt = now;
        }
    }
}
