package one.mcps.tools.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;
import one.mcps.tools.registry.Tool;

/**
 * A tool definition as backed up and restored: every field as stored, {@code env} and {@code headers} still
 * encrypted (a restore needs the same {@code MCPS_SECRETS_KEY}).
 */
@RegisterForReflection
public record ToolExport(@NotNull UUID id,
        @NotNull @Size(min = 1, max = 32) @Pattern(regexp = "[a-z][a-z0-9-]*") String name, String displayName,
        String description, List<String> tags,
        @NotNull @Pattern(regexp = "stdio|streamable_http|sse") String transport, String command,
        List<String> args, Map<String, String> env, String cwd, String url, Map<String, String> headers,
        boolean autoStart, @NotNull @Pattern(regexp = "never|on_failure|always") String restartPolicy,
        int maxRestarts, long restartDelayMs, long startupTimeoutMs, long callTimeoutMs, int maxConcurrency,
        @NotNull @Pattern(regexp = "shared|per_session") String sharing, int maxInstances, long idleTimeoutMs,
        List<String> allowedRoles, boolean enabled, String template, boolean desiredRunning, String createdBy,
        Instant createdAt, Instant updatedAt) {

    static ToolExport of(Tool t) {
        return new ToolExport(t.id, t.name, t.displayName, t.description, t.tags, t.transport, t.command, t.args,
                t.env, t.cwd, t.url, t.headers, t.autoStart, t.restartPolicy, t.maxRestarts, t.restartDelayMs,
                t.startupTimeoutMs, t.callTimeoutMs, t.maxConcurrency, t.sharing, t.maxInstances, t.idleTimeoutMs,
                t.allowedRoles, t.enabled, t.template, t.desiredRunning, t.createdBy, t.createdAt, t.updatedAt);
    }

    void applyTo(Tool t) {
        t.id = id;
        t.name = name;
        t.displayName = displayName;
        t.description = description;
        t.tags = list(tags);
        t.transport = transport;
        t.command = command;
        t.args = list(args);
        t.env = map(env);
        t.cwd = cwd;
        t.url = url;
        t.headers = map(headers);
        t.autoStart = autoStart;
        t.restartPolicy = restartPolicy;
        t.maxRestarts = maxRestarts;
        t.restartDelayMs = restartDelayMs;
        t.startupTimeoutMs = startupTimeoutMs;
        t.callTimeoutMs = callTimeoutMs;
        t.maxConcurrency = maxConcurrency;
        t.sharing = sharing;
        t.maxInstances = maxInstances;
        t.idleTimeoutMs = idleTimeoutMs;
        t.allowedRoles = list(allowedRoles);
        t.enabled = enabled;
        t.template = template;
        t.desiredRunning = desiredRunning;
        t.createdBy = createdBy;
        t.createdAt = createdAt == null ? Instant.now() : createdAt;
        t.updatedAt = Instant.now();
    }

    private static List<String> list(List<String> values) {
        return values == null ? new java.util.ArrayList<>() : new java.util.ArrayList<>(values);
    }

    private static Map<String, String> map(Map<String, String> values) {
        return values == null ? new java.util.LinkedHashMap<>() : new java.util.LinkedHashMap<>(values);
    }
}
