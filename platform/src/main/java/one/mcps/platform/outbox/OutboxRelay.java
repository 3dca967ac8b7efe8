package one.mcps.platform.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import one.mcps.platform.events.EventPublisher;

/**
 * Moves outbox rows to Kafka: reads a batch in commit order, sends it (the idempotent producer keeps the order per
 * partition), deletes what the broker acknowledged. A PostgreSQL advisory lock lets one relay per database work at
 * a time, so order holds with several instances; rows survive a crash until they were acknowledged, so a crash
 * can at worst send an event twice, which consumers drop by its id.
 */
@ApplicationScoped
@IfBuildProperty(name = "mcps.outbox.enabled", stringValue = "true", enableIfMissing = true)
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Any constant shared by all instances of one service; each service has a database of its own. */
    private static final long LOCK_ID = 0x6d637073L;

    private final Pool pool;
    private final Vertx vertx;
    private final EventPublisher publisher;
    private final Duration interval;
    private final int batchSize;
    private final Duration stopFlushTimeout;
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile boolean stopping;
    private long timerId = -1;

    public OutboxRelay(Pool pool, Vertx vertx, EventPublisher publisher,
            @ConfigProperty(name = "mcps.outbox.poll-interval", defaultValue = "100ms") Duration interval,
            @ConfigProperty(name = "mcps.outbox.batch-size", defaultValue = "200") int batchSize,
            @ConfigProperty(name = "mcps.outbox.stop-flush-timeout", defaultValue = "2s") Duration stopFlushTimeout) {
        this.pool = pool;
        this.vertx = vertx;
        this.publisher = publisher;
        this.interval = interval;
        this.batchSize = batchSize;
        this.stopFlushTimeout = stopFlushTimeout;
    }

    void start(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(interval.toMillis(), id -> drain());
    }

    /**
     * Sends what waits before the pool closes, so a stopping instance's last events are not held until another
     * instance's relay (or its own next start) finds them; rows it cannot send in time stay for that relay.
     */
    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        try {
            relayBatch().await().atMost(stopFlushTimeout);
        } catch (RuntimeException e) {
            LOG.infof("Outbox rows left for the next relay at stop: %s", e.getMessage());
        }
    }

    /** Relays whatever is waiting now; tests and callers that just committed may call it to skip the wait. */
    public void drain() {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        relayBatch().subscribe().with(sent -> {
            draining.set(false);
            if (sent == batchSize) {
                drain();
            }
        }, failure -> {
            draining.set(false);
            // A round the stop overtook fails on the closing pool; its rows wait for the next relay.
            if (!stopping) {
                LOG.warnf("Outbox relay paused: %s", failure.getMessage());
            }
        });
    }

    private Uni<Integer> relayBatch() {
        return pool.withTransaction(connection -> connection
                .preparedQuery("select pg_try_advisory_xact_lock($1)").execute(Tuple.of(LOCK_ID))
                .chain(locked -> locked.iterator().next().getBoolean(0) ? relayLocked(connection)
                        : Uni.createFrom().item(0)));
    }

    private Uni<Integer> relayLocked(SqlConnection connection) {
        return connection.preparedQuery("select id, topic, event_key, event_type, payload, created_at from outbox "
                + "order by seq limit $1").execute(Tuple.of(batchSize))
                .chain(rows -> rows.size() == 0 ? Uni.createFrom().item(0) : sendAndDelete(connection, rows));
    }

    private Uni<Integer> sendAndDelete(SqlConnection connection, RowSet<Row> rows) {
        List<Uni<Void>> sends = new ArrayList<>(rows.size());
        List<UUID> ids = new ArrayList<>(rows.size());
        for (Row row : rows) {
            UUID id = row.getUUID("id");
            ids.add(id);
            sends.add(publisher.send(id.toString(), row.getString("topic"), row.getString("event_key"),
                    row.getString("event_type"), row.getString("payload"),
                    row.getOffsetDateTime("created_at").toInstant()));
        }
        return Uni.join().all(sends).andFailFast()
                .chain(() -> connection.preparedQuery("delete from outbox where id = any($1)")
                        .execute(Tuple.of(ids.toArray(UUID[]::new))))
                .map(deleted -> ids.size());
    }
}
