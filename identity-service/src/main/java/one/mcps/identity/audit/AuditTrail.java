package one.mcps.identity.audit;

import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import one.mcps.platform.events.AuditRecorded;
import one.mcps.platform.outbox.Outbox;

/** Records identity's audit events in the outbox, in the transaction of the change they describe. */
@ApplicationScoped
public class AuditTrail {

    private final Outbox outbox;

    public AuditTrail(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> success(Actor actor, String action, String targetType, Object targetId,
            Map<String, Object> details) {
        return record(actor, action, targetType, targetId, AuditRecorded.SUCCESS, details);
    }

    public Uni<Void> failure(Actor actor, String action, String targetType, Object targetId,
            Map<String, Object> details) {
        return record(actor, action, targetType, targetId, AuditRecorded.FAILURE, details);
    }

    private Uni<Void> record(Actor actor, String action, String targetType, Object targetId, String outcome,
            Map<String, Object> details) {
        return outbox.enqueue(new AuditRecorded(actor.id(), actor.name(), action, targetType,
                targetId == null ? null : targetId.toString(), outcome, actor.address(), details, Instant.now()));
    }
}
