package one.mcps.tools.tasks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import one.mcps.platform.errors.ProblemException;

/** The task types, which of them another service executes, and the checks on their params. */
public final class TaskTypes {

    public static final String TOOLS_START = "tools.start";
    public static final String TOOLS_STOP = "tools.stop";
    public static final String TOOLS_RESTART = "tools.restart";
    public static final String TOOL_CALL = "tool.call";
    public static final String TOOLS_HEALTHCHECK = "tools.healthcheck";
    public static final String LOGS_CLEANUP = "logs.cleanup";
    public static final String BACKUP_CREATE = "backup.create";

    public static final Set<String> ALL = Set.of(TOOLS_START, TOOLS_STOP, TOOLS_RESTART, TOOL_CALL, TOOLS_HEALTHCHECK,
            LOGS_CLEANUP, BACKUP_CREATE);
    /** Run by observability-service, told over mcps.task.commands. */
    public static final Set<String> REMOTE = Set.of(LOGS_CLEANUP, BACKUP_CREATE);

    private TaskTypes() {
    }

    public static boolean isRemote(String type) {
        return REMOTE.contains(type);
    }

    /** Rejects params a type cannot run with, naming the field. */
    public static void validate(String type, Map<String, Object> params) {
        if (!ALL.contains(type)) {
            throw ProblemException.invalidField("type", "unknown task type " + type + "; one of " + ALL);
        }
        switch (type) {
            case TOOLS_START, TOOLS_STOP, TOOLS_RESTART -> {
                if (strings(params, "names").isEmpty() && strings(params, "tags").isEmpty()) {
                    throw ProblemException.invalidField("params", "names or tags (a list of strings) is required");
                }
            }
            case TOOL_CALL -> {
                requireText(params, "server");
                requireText(params, "tool");
                Object arguments = params.get("arguments");
                if (arguments != null && !(arguments instanceof Map)) {
                    throw ProblemException.invalidField("params.arguments", "must be an object");
                }
            }
            case LOGS_CLEANUP -> {
                Object days = params.get("older_than_days");
                if (days != null && !(days instanceof Integer d && d >= 0)) {
                    throw ProblemException.invalidField("params.older_than_days", "must be a whole number >= 0");
                }
            }
            default -> {
            }
        }
    }

    /** The tool names a task touches, for the list's tool filter. */
    public static List<String> toolsOf(String type, Map<String, Object> params) {
        List<String> tools = new ArrayList<>(strings(params, "names"));
        if (TOOL_CALL.equals(type) && params.get("server") instanceof String server) {
            tools.add(server);
        }
        return tools;
    }

    public static List<String> strings(Map<String, Object> params, String field) {
        Object value = params.get(field);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof Collection<?> values) || !values.stream().allMatch(String.class::isInstance)) {
            throw ProblemException.invalidField("params." + field, "must be a list of strings");
        }
        return values.stream().map(String.class::cast).toList();
    }

    private static void requireText(Map<String, Object> params, String field) {
        if (!(params.get(field) instanceof String text) || text.isBlank()) {
            throw ProblemException.invalidField("params." + field, "is required");
        }
    }
}
