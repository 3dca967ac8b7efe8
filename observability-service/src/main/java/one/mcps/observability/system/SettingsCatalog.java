package one.mcps.observability.system;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.config.ConfigMapping;
import one.mcps.platform.security.OutboundTargets;

/**
 * The runtime settings MCPS.ONE knows: keys and types are a contract with every service (they read them from
 * {@code mcps.system.config} through the platform's RuntimeSettings); defaults come from configuration
 * ({@code mcps.settings.defaults.<key>}).
 */
@ApplicationScoped
public class SettingsCatalog {

    public static final String LOGS_RETENTION_DAYS = "logs_retention_days";
    public static final String BACKUP_RETENTION_DAYS = "backup_retention_days";
    public static final String ALERT_CPU_PERCENT = "alert_cpu_percent";
    public static final String ALERT_MEMORY_PERCENT = "alert_memory_percent";
    public static final String ALERT_DISK_PERCENT = "alert_disk_percent";
    public static final String ALERTS_ENABLED = "alerts_enabled";

    private static final List<SettingDefinition> DEFINITIONS = List.of(
            new SettingDefinition(LOGS_RETENTION_DAYS, SettingType.INTEGER, 1d, 3650d,
                    "Days log entries are kept; older ones are removed by the daily cleanup."),
            new SettingDefinition(BACKUP_RETENTION_DAYS, SettingType.INTEGER, 1d, 3650d,
                    "Days backups are kept."),
            new SettingDefinition("requests_per_minute", SettingType.INTEGER, 1d, null,
                    "Requests per minute a caller may make through the gateway."),
            new SettingDefinition("anonymous_requests_per_minute", SettingType.INTEGER, 1d, null,
                    "Requests per minute one client address may make to the gateway's open routes (login)."),
            new SettingDefinition("mcp_calls_per_minute", SettingType.INTEGER, 1d, null,
                    "MCP tools/call requests per minute a caller may make through the gateway's /mcp."),
            new SettingDefinition("rate_limiting_enabled", SettingType.BOOLEAN, null, null,
                    "Whether the gateway enforces requests_per_minute."),
            new SettingDefinition("max_login_attempts", SettingType.INTEGER, 1d, 100d,
                    "Failed logins allowed per account name (and per name and address) before identity-service makes"
                            + " further attempts wait, with a delay that doubles each time."),
            new SettingDefinition("registration_open", SettingType.BOOLEAN, null, null,
                    "Whether anyone may register an account (POST /api/v1/auth/register)."),
            new SettingDefinition("oauth_dynamic_registration", SettingType.BOOLEAN, null, null,
                    "Whether MCP clients may register themselves with the OAuth authorization server"
                            + " (POST /oauth/register, RFC 7591)."),
            new SettingDefinition("mcp_proxy_enabled", SettingType.BOOLEAN, null, null,
                    "Whether the MCP proxy serves /mcp, /servers/{name}/mcp and /sse."),
            new SettingDefinition("maintenance_mode", SettingType.BOOLEAN, null, null,
                    "When true the gateway answers 503 to everything but health and admin calls."),
            new SettingDefinition("monitoring_enabled", SettingType.BOOLEAN, null, null,
                    "Whether host and tool metrics are collected."),
            new SettingDefinition(ALERTS_ENABLED, SettingType.BOOLEAN, null, null,
                    "Whether alert rules are evaluated."),
            new SettingDefinition(ALERT_CPU_PERCENT, SettingType.NUMBER, 0d, 100d,
                    "Threshold of the built-in host CPU alert."),
            new SettingDefinition(ALERT_MEMORY_PERCENT, SettingType.NUMBER, 0d, 100d,
                    "Threshold of the built-in host memory alert."),
            new SettingDefinition(ALERT_DISK_PERCENT, SettingType.NUMBER, 0d, 100d,
                    "Threshold of the built-in host disk alert."),
            new SettingDefinition(OutboundTargets.SETTING, SettingType.HOST_LIST, null, null,
                    "Host names, IP addresses and CIDR blocks the platform may call although they are private, "
                            + "loopback or link-local (remote MCP servers, alert webhooks); admins only."));

    /** Defaults per key, as JSON text ({@code 7}, {@code false}, {@code "x"}). */
    @ConfigMapping(prefix = "mcps.settings")
    public interface Defaults {
        Map<String, String> defaults();
    }

    private final Map<String, SettingDefinition> byKey = new LinkedHashMap<>();
    private final Map<String, JsonNode> defaults = new LinkedHashMap<>();

    public SettingsCatalog(Defaults config, ObjectMapper mapper) {
        for (SettingDefinition d : DEFINITIONS) {
            byKey.put(d.key(), d);
            String text = config.defaults().get(d.key());
            if (text == null) {
                throw new IllegalStateException("No default for setting " + d.key() + " (mcps.settings.defaults)");
            }
            JsonNode value = parse(mapper, text);
            d.problemWith(value).ifPresent(p -> {
                throw new IllegalStateException("Default of setting " + d.key() + " " + p);
            });
            defaults.put(d.key(), value);
        }
    }

    public Optional<SettingDefinition> find(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    public List<SettingDefinition> definitions() {
        return DEFINITIONS;
    }

    public Map<String, JsonNode> defaults() {
        return defaults;
    }

    private static JsonNode parse(ObjectMapper mapper, String text) {
        try {
            return mapper.readTree(text);
        } catch (Exception e) {
            return mapper.getNodeFactory().textNode(text);
        }
    }
}
