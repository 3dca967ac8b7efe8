package one.mcps.platform.outbox;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import one.mcps.platform.events.EventPublisher;
import one.mcps.platform.events.PlatformEvent;

/**
 * The outbox for services that use the reactive SQL client without Hibernate: writes an event into the
 * {@code outbox} table through the caller's connection, so with {@code pool.withTransaction(connection -> ...)}
 * the change and its event are committed together or not at all. {@link OutboxRelay} sends it to Kafka
 * afterwards. Such a service excludes the Panache-based {@link Outbox}
 * ({@code quarkus.arc.exclude-types=one.mcps.platform.outbox.Outbox}), which it could not run.
 */
@ApplicationScoped
@IfBuildProperty(name = "mcps.outbox.enabled", stringValue = "true", enableIfMissing = true)
public class SqlOutbox {

    private static final String INSERT = OutboxRow.insert(i -> "$" + i);

    private final EventPublisher publisher;

    public SqlOutbox(EventPublisher publisher) {
        this.publisher = publisher;
    }

    /** {@code connection} should be in a transaction: otherwise the event is committed on its own. */
    public Uni<Void> enqueue(SqlClient connection, PlatformEvent event) {
        return connection.preparedQuery(INSERT).execute(Tuple.from(OutboxRow.of(event, publisher).values()))
                .replaceWithVoid();
    }
}
