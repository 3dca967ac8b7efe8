package one.mcps.tools.registry;

import io.smallrye.config.ConfigMapping;

/** What a tool definition gets for each field it leaves out ({@code mcps.tools.defaults.*}). */
@ConfigMapping(prefix = "mcps.tools.defaults")
public interface ToolDefaults {

    String restartPolicy();

    int maxRestarts();

    long restartDelayMs();

    long startupTimeoutMs();

    long callTimeoutMs();

    int maxConcurrency();

    int maxInstances();

    long idleTimeoutMs();

    /** The definition every field of which is a default; a request is laid over it. */
    default ToolRequest asRequest() {
        return new ToolRequest(null, null, null, java.util.List.of(), null, null, java.util.List.of(),
                java.util.Map.of(), null, null, java.util.Map.of(), false, restartPolicy(), maxRestarts(),
                restartDelayMs(), startupTimeoutMs(), callTimeoutMs(), maxConcurrency(), Tool.SHARED, maxInstances(),
                idleTimeoutMs(), java.util.List.of(), true, null, null);
    }
}
