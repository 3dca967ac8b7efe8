package one.mcps.observability.alerts;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
public record AlertRuleView(UUID id, String name, String metric, String comparison, double threshold, int windowS,
        String severity, String tool, String webhookUrl, boolean enabled, boolean builtin, Instant createdAt,
        Instant updatedAt) {

    static AlertRuleView of(AlertRule r) {
        return new AlertRuleView(r.id, r.name, r.metric, r.comparison, r.threshold, r.windowS, r.severity, r.tool,
                r.webhookUrl, r.enabled, r.builtin, r.createdAt, r.updatedAt);
    }
}
