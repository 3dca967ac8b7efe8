package one.mcps.tools.ownership;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** How instances share the tools ({@code mcps.tools.ownership.*}). */
@ConfigMapping(prefix = "mcps.tools.ownership")
public interface OwnershipConfig {

    /**
     * How often an instance renews its heartbeat and leases and looks for tools nobody runs. With {@link #ttl()}
     * it bounds a takeover after a crash: lease expiry + one interval + the tool's start.
     */
    Duration renewInterval();

    /** How long a lease (and a heartbeat) holds without renewal, judged by the database's clock. */
    Duration ttl();

    /** How long a start, stop, restart or status forwarded to the owning instance may take. */
    Duration forwardTimeout();
}
