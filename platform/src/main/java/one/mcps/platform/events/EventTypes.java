package one.mcps.platform.events;

/** CloudEvents {@code type} values. One per event record; consumers switch on them. */
public final class EventTypes {

    public static final String TOOL_STATUS_CHANGED = "one.mcps.tool.status.changed";
    public static final String TOOL_LOG_LINE = "one.mcps.tool.log";
    public static final String TASK_CHANGED = "one.mcps.task.changed";
    public static final String TASK_COMMAND = "one.mcps.task.command";
    public static final String MCP_CALL = "one.mcps.mcp.call";
    public static final String AUDIT = "one.mcps.audit";
    public static final String REVOCATION = "one.mcps.identity.revocation";
    public static final String CONFIG_CHANGED = "one.mcps.system.config.changed";

    private EventTypes() {
    }
}
