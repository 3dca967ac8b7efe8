package one.mcps.platform.outbox;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import one.mcps.platform.events.EventPublisher;
import one.mcps.platform.events.PlatformEvent;

/**
 * Writes an event into the {@code outbox} table inside the caller's current reactive Panache transaction, so the
 * change and its event are committed together or not at all. {@link OutboxRelay} sends it to Kafka afterwards.
 * Services without Hibernate use {@link SqlOutbox} and exclude this bean.
 */
@ApplicationScoped
@IfBuildProperty(name = "mcps.outbox.enabled", stringValue = "true", enableIfMissing = true)
public class Outbox {

    private static final String INSERT = OutboxRow.insert(i -> "?" + i);

    private final EventPublisher publisher;

    public Outbox(EventPublisher publisher) {
        this.publisher = publisher;
    }

    /** Must be called within a transaction ({@code @WithTransaction} or {@code Panache.withTransaction}). */
    public Uni<Void> enqueue(PlatformEvent event) {
        List<Object> values = OutboxRow.of(event, publisher).values();
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(INSERT);
            for (int i = 0; i < values.size(); i++) {
                query.setParameter(i + 1, values.get(i));
            }
            return query.executeUpdate();
        }).replaceWithVoid();
    }
}
