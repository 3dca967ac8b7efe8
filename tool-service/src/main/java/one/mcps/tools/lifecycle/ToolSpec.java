package one.mcps.tools.lifecycle;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import one.mcps.tools.registry.Tool;
import one.mcps.tools.secrets.SecretCipher;

/**
 * What the supervisor needs to run a tool, taken from its definition when it starts: secrets decrypted, so it
 * lives only in memory and is never serialized.
 */
public record ToolSpec(UUID id, String name, String transport, String command, List<String> args,
        Map<String, String> env, String cwd, String url, Map<String, String> headers, String restartPolicy,
        int maxRestarts, long restartDelayMs, long startupTimeoutMs, long callTimeoutMs, int maxConcurrency,
        String sharing, int maxInstances, long idleTimeoutMs) {

    static ToolSpec of(Tool t, SecretCipher cipher) {
        return new ToolSpec(t.id, t.name, t.transport, t.command, List.copyOf(t.args), cipher.decryptAll(t.env),
                t.cwd, t.url, cipher.decryptAll(t.headers), t.restartPolicy, t.maxRestarts, t.restartDelayMs,
                t.startupTimeoutMs, t.callTimeoutMs, t.maxConcurrency, t.sharing, t.maxInstances, t.idleTimeoutMs);
    }

    boolean isStdio() {
        return Tool.STDIO.equals(transport);
    }

    /** A stdio tool that runs a process of its own for each client session. */
    boolean isPerSession() {
        return isStdio() && Tool.PER_SESSION.equals(sharing);
    }

    @Override
    public String toString() {
        return "ToolSpec[" + name + ", " + transport + "]";
    }
}
