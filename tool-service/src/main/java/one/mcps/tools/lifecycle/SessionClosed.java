package one.mcps.tools.lifecycle;

/**
 * A bridge session of tool {@code tool} ended, whichever way (DELETE, expired, its initialize abandoned): a
 * per-session tool's process that served it goes too.
 */
public record SessionClosed(String tool, String sessionId) {
}
