package one.mcps.tools.lifecycle;

/**
 * A per-session tool's process that served {@code sessionId} is gone for good (reaped when idle, stopped with the
 * tool, or crashed beyond its restart policy): the bridge ends that session, so its client starts a new one.
 */
public record InstanceEnded(String tool, String sessionId, String reason) {
}
