package one.mcps.tools.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import one.mcps.platform.errors.Problem;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.errors.ProblemType;
import one.mcps.tools.secrets.SecretCipher;

/**
 * Turns a validated request into entity fields: checks what the transport needs, and encrypts secret values,
 * keeping a stored value wherever the client sent back the mask it was shown.
 */
@ApplicationScoped
public class ToolDefinitions {

    private final SecretCipher cipher;

    public ToolDefinitions(SecretCipher cipher) {
        this.cipher = cipher;
    }

    /** Rejects, listing every field, a definition its transport cannot run. */
    public void checkComplete(ToolRequest r) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (r.name() == null) {
            errors.add(new Problem.FieldError("name", "is required"));
        }
        if (r.transport() == null) {
            errors.add(new Problem.FieldError("transport", "is required"));
        } else if (Tool.STDIO.equals(r.transport())) {
            if (r.command() == null || r.command().isBlank()) {
                errors.add(new Problem.FieldError("command", "is required for transport stdio"));
            }
        } else if (r.url() == null || r.url().isBlank()) {
            errors.add(new Problem.FieldError("url", "is required for transport " + r.transport()));
        }
        if (!errors.isEmpty()) {
            String detail = String.join("; ", errors.stream().map(e -> e.field() + " " + e.message()).toList());
            throw new ProblemException(ProblemType.VALIDATION, detail, errors, Map.of());
        }
    }

    public void apply(ToolRequest r, Tool t) {
        t.name = r.name();
        t.displayName = r.displayName();
        t.description = r.description();
        t.tags = new ArrayList<>(r.tags());
        t.transport = r.transport();
        boolean stdio = Tool.STDIO.equals(r.transport());
        t.command = stdio ? r.command() : null;
        t.args = stdio ? new ArrayList<>(r.args()) : new ArrayList<>();
        t.env = stdio ? seal(r.env(), t.env) : new LinkedHashMap<>();
        t.cwd = stdio ? r.cwd() : null;
        t.url = stdio ? null : r.url();
        t.headers = stdio ? new LinkedHashMap<>() : seal(r.headers(), t.headers);
        t.autoStart = r.autoStart();
        t.restartPolicy = r.restartPolicy();
        t.maxRestarts = r.maxRestarts();
        t.restartDelayMs = r.restartDelayMs();
        t.startupTimeoutMs = r.startupTimeoutMs();
        t.callTimeoutMs = r.callTimeoutMs();
        t.maxConcurrency = r.maxConcurrency();
        t.sharing = r.sharing();
        t.maxInstances = r.maxInstances();
        t.idleTimeoutMs = r.idleTimeoutMs();
        t.allowedRoles = new ArrayList<>(r.allowedRoles());
        t.enabled = r.enabled();
        t.template = r.template();
    }

    /** The stored definition as a request (secrets masked), for laying a PUT over it. */
    public static ToolRequest asRequest(Tool t) {
        return new ToolRequest(t.name, t.displayName, t.description, t.tags, t.transport, t.command, t.args,
                SecretCipher.mask(t.env), t.cwd, t.url, SecretCipher.mask(t.headers), t.autoStart, t.restartPolicy,
                t.maxRestarts, t.restartDelayMs, t.startupTimeoutMs, t.callTimeoutMs, t.maxConcurrency, t.sharing,
                t.maxInstances, t.idleTimeoutMs, t.allowedRoles, t.enabled, t.template, null);
    }

    private Map<String, String> seal(Map<String, String> given, Map<String, String> stored) {
        Map<String, String> sealed = new LinkedHashMap<>();
        given.forEach((name, value) -> sealed.put(name,
                SecretCipher.MASK.equals(value) && stored.containsKey(name) ? stored.get(name)
                        : cipher.encrypt(value)));
        return sealed;
    }
}
