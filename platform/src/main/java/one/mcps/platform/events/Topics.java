package one.mcps.platform.events;

/** The Kafka topics of the platform; the key of each keeps per-entity order. */
public final class Topics {

    /** Key: tool name. tool-service → mcp-proxy, observability. */
    public static final String TOOL_STATUS = "mcps.tool.status";
    /** Key: tool name. Each stderr line and lifecycle note of a tool. */
    public static final String TOOL_LOGS = "mcps.tool.logs";
    /** Key: task id. Task created, started, progress, finished. */
    public static final String TASKS = "mcps.tasks";
    /** Key: task id. Tells the owning service to run or cancel a task. */
    public static final String TASK_COMMANDS = "mcps.task.commands";
    /** Key: session id. Each tools/call, resources/read, prompts/get. */
    public static final String MCP_CALLS = "mcps.mcp.calls";
    /** Key: user id. Who did what, when. */
    public static final String AUDIT = "mcps.audit";
    /** Key: jti (or user id / key id). Tokens and keys that stopped being valid. */
    public static final String REVOCATIONS = "mcps.identity.revocations";
    /** Key: setting key. Runtime settings changed. */
    public static final String SYSTEM_CONFIG = "mcps.system.config";

    public static final java.util.List<String> ALL = java.util.List.of(
            TOOL_STATUS, TOOL_LOGS, TASKS, TASK_COMMANDS, MCP_CALLS, AUDIT, REVOCATIONS, SYSTEM_CONFIG);

    private Topics() {
    }
}
