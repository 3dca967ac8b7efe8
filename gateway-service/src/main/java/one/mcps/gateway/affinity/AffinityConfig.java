package one.mcps.gateway.affinity;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** MCP session affinity ({@code mcps.gateway.affinity.*}). */
@ConfigMapping(prefix = "mcps.gateway.affinity")
public interface AffinityConfig {

    /** A learned session-to-instance mapping is forgotten after this long without a request. */
    @WithDefault("2h")
    Duration sessionIdle();

    @WithDefault("100000")
    long maxSessions();

    /** Virtual points per instance on the hash ring: more spread the sessions more evenly. */
    @WithDefault("160")
    int pointsPerInstance();
}
