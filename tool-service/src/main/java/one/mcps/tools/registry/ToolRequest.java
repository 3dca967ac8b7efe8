package one.mcps.tools.registry;

import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A tool definition as a client sends it (POST and PUT). Every field may be left out: {@code template} fills in a
 * catalog entry first, configured defaults fill in the rest; what is then still missing for the transport is a
 * validation error.
 */
@RegisterForReflection
public record ToolRequest(
        @Size(min = 1, max = 32) @Pattern(regexp = "[a-z][a-z0-9-]*", message = "must be a slug: a lowercase letter, then lowercase letters, digits or '-'") String name,
        @Size(max = 200) String displayName,
        @Size(max = 4000) String description,
        @Size(max = 20) List<@Size(min = 1, max = 64) String> tags,
        @Pattern(regexp = "stdio|streamable_http|sse", message = "must be one of stdio, streamable_http, sse") String transport,
        @Size(max = 1000) String command,
        @Size(max = 200) List<@Size(max = 4000) String> args,
        @Size(max = 100) Map<@Pattern(regexp = "[A-Za-z_][A-Za-z0-9_]*", message = "must be an environment variable name") String, @Size(max = 8000) String> env,
        @Size(max = 1000) String cwd,
        @Size(max = 2000) @Pattern(regexp = "https?://.+", message = "must be an http(s) URL") String url,
        @Size(max = 50) Map<@Pattern(regexp = "[A-Za-z0-9-]+", message = "must be an HTTP header name") String, @Size(max = 8000) String> headers,
        Boolean autoStart,
        @Pattern(regexp = "never|on_failure|always", message = "must be one of never, on_failure, always") String restartPolicy,
        @Min(0) @Max(1000) Integer maxRestarts,
        @Min(0) @Max(3_600_000) Long restartDelayMs,
        @Min(100) @Max(600_000) Long startupTimeoutMs,
        @Min(100) @Max(3_600_000) Long callTimeoutMs,
        @Min(1) @Max(10_000) Integer maxConcurrency,
        @Pattern(regexp = "shared|per_session", message = "must be one of shared, per_session") String sharing,
        @Min(1) @Max(1000) Integer maxInstances,
        @Min(1000) @Max(86_400_000) Long idleTimeoutMs,
        @Size(max = 10) List<@Pattern(regexp = "admin|operator|viewer", message = "must be a role: admin, operator, viewer") String> allowedRoles,
        Boolean enabled,
        @Size(max = 64) String template,
        @Min(0) Long version) {

    /** This request's fields where set, {@code base}'s where not (a template under a request). */
    public ToolRequest over(ToolRequest base) {
        return new ToolRequest(or(name, base.name), or(displayName, base.displayName),
                or(description, base.description), or(tags, base.tags), or(transport, base.transport),
                or(command, base.command), or(args, base.args), or(env, base.env), or(cwd, base.cwd),
                or(url, base.url), or(headers, base.headers), or(autoStart, base.autoStart),
                or(restartPolicy, base.restartPolicy), or(maxRestarts, base.maxRestarts),
                or(restartDelayMs, base.restartDelayMs), or(startupTimeoutMs, base.startupTimeoutMs),
                or(callTimeoutMs, base.callTimeoutMs), or(maxConcurrency, base.maxConcurrency),
                or(sharing, base.sharing), or(maxInstances, base.maxInstances), or(idleTimeoutMs, base.idleTimeoutMs),
                or(allowedRoles, base.allowedRoles), or(enabled, base.enabled), or(template, base.template),
                or(version, base.version));
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
