package one.mcps.tools.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;
import one.mcps.tools.secrets.SecretCipher;

/** A tool as the API shows it: secret values of {@code env} and {@code headers} are masked. */
@RegisterForReflection
public record ToolView(UUID id, String name, String displayName, String description, List<String> tags,
        String transport, String command, List<String> args, Map<String, String> env, String cwd, String url,
        Map<String, String> headers, boolean autoStart, String restartPolicy, int maxRestarts, long restartDelayMs,
        long startupTimeoutMs, long callTimeoutMs, int maxConcurrency, String sharing, int maxInstances,
        long idleTimeoutMs, List<String> allowedRoles, boolean enabled, String template, String state,
        String createdBy, Instant createdAt, Instant updatedAt, long version) {

    public static ToolView of(Tool t) {
        return new ToolView(t.id, t.name, t.displayName, t.description, t.tags, t.transport, t.command, t.args,
                SecretCipher.mask(t.env), t.cwd, t.url, SecretCipher.mask(t.headers), t.autoStart, t.restartPolicy,
                t.maxRestarts, t.restartDelayMs, t.startupTimeoutMs, t.callTimeoutMs, t.maxConcurrency, t.sharing,
                t.maxInstances, t.idleTimeoutMs, t.allowedRoles, t.enabled, t.template, t.state, t.createdBy,
                t.createdAt, t.updatedAt, t.version);
    }

    /** The ETag of a tool: its optimistic-locking version. */
    public static String etag(long version) {
        return "\"" + version + "\"";
    }
}
