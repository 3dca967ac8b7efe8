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

    /**
     * How long a stopping instance waits for another to have a tool's process ready before it hands the lease over
     * anyway (the successor then starts it from scratch, as after a crash but without the TTL).
     */
    Duration handoverTimeout();

    /**
     * How long a stopping instance keeps serving tools it handed over, so mcp-proxy can move to the successor's
     * bridge before the old process ends and calls under way here finish.
     */
    Duration handoverLinger();

    /** How often a stopping instance asks the successor whether a tool's process is ready yet. */
    Duration handoverPoll();
}
