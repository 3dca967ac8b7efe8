package one.mcps.tools.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A registered MCP server, a row of {@code tools} ({@link ToolRepository}). {@code env} and {@code headers} hold
 * values encrypted by {@link one.mcps.tools.secrets.SecretCipher}; nothing outside the registry and the launcher
 * ever sees them decrypted. {@code version} counts definition changes (optimistic locking, the ETag).
 */
public class Tool {

    public static final String STDIO = "stdio";
    public static final String STREAMABLE_HTTP = "streamable_http";
    public static final String SSE = "sse";
    public static final String SHARED = "shared";
    public static final String PER_SESSION = "per_session";

    public UUID id;
    public String name;
    public String displayName;
    public String description;
    public List<String> tags = new ArrayList<>();
    public String transport;
    public String command;
    public List<String> args = new ArrayList<>();
    public Map<String, String> env = new LinkedHashMap<>();
    public String cwd;
    public String url;
    public Map<String, String> headers = new LinkedHashMap<>();
    public boolean autoStart;
    public String restartPolicy;
    public int maxRestarts;
    public long restartDelayMs;
    public long startupTimeoutMs;
    public long callTimeoutMs;
    public int maxConcurrency;
    public String sharing;
    public int maxInstances;
    public long idleTimeoutMs;
    public List<String> allowedRoles = new ArrayList<>();
    public boolean enabled;
    public String template;
    public String state;
    public boolean desiredRunning;
    public String createdBy;
    public Instant createdAt;
    public Instant updatedAt;
    public long version;

    public boolean isStdio() {
        return STDIO.equals(transport);
    }
}
