package one.mcps.platform.events;

import java.time.Instant;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Who did what to which thing, from where, and how it ended: logins, user, key, tool and configuration changes.
 * Never carries a secret.
 */
@RegisterForReflection
public record AuditRecorded(String actorId, String actor, String action, String targetType, String targetId,
        String outcome, String address, Map<String, Object> details, Instant at) implements PlatformEvent {

    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";

    public String topic() {
        return Topics.AUDIT;
    }

    public String type() {
        return EventTypes.AUDIT;
    }

    public String key() {
        return actorId == null ? "anonymous" : actorId;
    }
}
