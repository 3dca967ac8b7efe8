package one.mcps.observability.alerts;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An alert of a rule for one subject (a tool, or empty for host metrics): firing or resolved. */
@RegisterForReflection
public record Alert(UUID ruleId, String rule, String severity, String metric, String subject, String state,
        Double value, double threshold, Instant firedAt, Instant resolvedAt) {

    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";
}
