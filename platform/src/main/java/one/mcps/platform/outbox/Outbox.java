package one.mcps.platform.outbox;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import one.mcps.platform.events.EventPublisher;
import one.mcps.platform.events.PlatformEvent;

/**
 * Writes an event into the {@code outbox} table inside the caller's current reactive transaction, so the change
 * and its event are committed together or not at all. {@link OutboxRelay} sends it to Kafka afterwards.
 */
@ApplicationScoped
@IfBuildProperty(name = "mcps.outbox.enabled", stringValue = "true", enableIfMissing = true)
public class Outbox {

    private static final String INSERT = "insert into outbox (id, topic, event_key, event_type, payload) "
            + "values (?1, ?2, ?3, ?4, ?5)";

    private final EventPublisher publisher;

    public Outbox(EventPublisher publisher) {
        this.publisher = publisher;
    }

    /** Must be called within a transaction ({@code @WithTransaction} or {@code Panache.withTransaction}). */
    public Uni<Void> enqueue(PlatformEvent event) {
        String json = publisher.toJson(event);
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, event.topic())
                .setParameter(3, event.key())
                .setParameter(4, event.type())
                .setParameter(5, json)
                .executeUpdate())
                .replaceWithVoid();
    }
}
