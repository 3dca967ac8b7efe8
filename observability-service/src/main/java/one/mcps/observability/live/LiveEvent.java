package one.mcps.observability.live;

import one.mcps.observability.logs.LogEntry;

/**
 * Something to push to subscribers of {@code channel}: {@code data} is what they receive; {@code entry} is the log
 * entry it became, which {@code logs} subscriptions filter on.
 */
public record LiveEvent(String channel, Object data, LogEntry entry) {

    public static final String TOOL_STATUS = "tool-status";
    public static final String LOGS = "logs";
    public static final String ALERTS = "alerts";
    public static final String TASKS = "tasks";
}
