package one.mcps.tools.lifecycle;

import java.util.Locale;

/** The states of a tool, as the API and {@code mcps.tool.status} spell them. */
public enum ToolState {
    STOPPED, STARTING, RUNNING, UNHEALTHY, STOPPING, FAILED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean isActive() {
        return this == STARTING || this == RUNNING || this == UNHEALTHY;
    }
}
