package one.mcps.observability.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import one.mcps.observability.logs.LogEntry;
import one.mcps.observability.logs.LogRepository;
import one.mcps.observability.monitoring.ToolStateRepository;
import one.mcps.platform.events.ToolStatusChanged;

/**
 * Reads every platform topic in batches (consumer group {@code observability-service}, shared by all instances,
 * which Kafka rebalances between them; offsets committed after a batch is stored) and writes each batch in one
 * transaction. Delivery is at-least-once: a redelivered event finds its event id already stored and is dropped by
 * the database, and a tool state is only ever replaced by a newer one, so a batch read twice changes nothing.
 * <p>
 * A record that can never be stored goes to the dead-letter topic instead ({@link DeadLetters}): one that holds no
 * readable event, and one PostgreSQL refuses for its data (a whole batch refused is written again event by event to
 * find it). Anything else failing (the database unreachable, the dead-letter topic missing) is retried with
 * back-off while the consumer waits (Kafka keeps the events): nothing is skipped.
 * <p>
 * At shutdown the channel is paused and the batch in hand finished before the database pool closes; what was not
 * stored is not acknowledged, so whoever holds the partitions next reads it again.
 */
@ApplicationScoped
public class IngestConsumer {

    public static final String CHANNEL = "mcps-ingest";
    private static final Logger LOG = Logger.getLogger(IngestConsumer.class);
    /**
     * SQLSTATE classes of a statement refused for the values it carries (22 data exception, such as \u0000 in
     * jsonb; 23 integrity constraint; 54 program limit, such as a key too long for its index): writing the same
     * event again fails the same way. Every other failure (connection, resources, shutdown) may pass.
     */
    private static final Set<String> REFUSED_DATA = Set.of("22", "23", "54");

    private final EventMapper mapper;
    private final LogRepository logs;
    private final ToolStateRepository toolStates;
    private final DeadLetters deadLetters;
    private final Pool pool;
    private final ChannelRegistry channels;
    private final Duration firstBackOff;
    private final Duration maxBackOff;
    private final Duration stopTimeout;
    private final ReentrantLock batch = new ReentrantLock();
    private final CountDownLatch stopping = new CountDownLatch(1);

    public IngestConsumer(EventMapper mapper, LogRepository logs, ToolStateRepository toolStates,
            DeadLetters deadLetters, Pool pool, ChannelRegistry channels,
            @ConfigProperty(name = "mcps.ingest.retry.first-back-off") Duration firstBackOff,
            @ConfigProperty(name = "mcps.ingest.retry.max-back-off") Duration maxBackOff,
            @ConfigProperty(name = "mcps.ingest.stop-timeout") Duration stopTimeout) {
        this.mapper = mapper;
        this.logs = logs;
        this.toolStates = toolStates;
        this.deadLetters = deadLetters;
        this.pool = pool;
        this.channels = channels;
        this.firstBackOff = firstBackOff;
        this.maxBackOff = maxBackOff;
        this.stopTimeout = stopTimeout;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void ingest(ConsumerRecords<String, String> records) {
        batch.lock();
        try {
            List<Read> read = new ArrayList<>(records.count());
            List<Unreadable> unreadable = new ArrayList<>();
            for (ConsumerRecord<String, String> record : records) {
                try {
                    read.add(new Read(record, mapper.read(record)));
                } catch (UnreadableEvent e) {
                    unreadable.add(new Unreadable(record, e));
                }
            }
            writeUntilDone(read, unreadable);
        } finally {
            batch.unlock();
        }
    }

    private void writeUntilDone(List<Read> read, List<Unreadable> unreadable) {
        Duration backOff = firstBackOff;
        while (true) {
            try {
                deadLetterAll(unreadable).chain(() -> store(read)).await().indefinitely();
                return;
            } catch (RuntimeException failure) {
                if (stopping.getCount() == 0) {
                    throw new IllegalStateException("Stopping with " + read.size() + " events not stored; they "
                            + "are not acknowledged and will be read again", failure);
                }
                LOG.warnf("Cannot store %d events yet, retrying in %s: %s", read.size(), backOff,
                        failure.getMessage());
                try {
                    // Ends early when the service stops, which then gives the batch up unacknowledged.
                    stopping.await(backOff.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted with events not stored", e);
                }
                backOff = backOff.multipliedBy(2).compareTo(maxBackOff) > 0 ? maxBackOff : backOff.multipliedBy(2);
            }
        }
    }

    private Uni<Void> deadLetterAll(List<Unreadable> unreadable) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Unreadable u : unreadable) {
            chain = chain.chain(() -> deadLetter(u.record(), u.reason().getMessage(), u.reason().getCause()));
        }
        return chain;
    }

    /** The batch in one transaction; when PostgreSQL refuses it for its data, event by event to find which. */
    private Uni<Void> store(List<Read> read) {
        return write(read).onFailure(IngestConsumer::refusedData).recoverWithUni(batchFailure -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Read one : read) {
                chain = chain.chain(() -> write(List.of(one)).onFailure(IngestConsumer::refusedData)
                        .recoverWithUni(f -> deadLetter(one.record(), f.getMessage(), f)));
            }
            return chain;
        });
    }

    private Uni<Void> write(List<Read> read) {
        List<LogEntry> entries = new ArrayList<>(read.size());
        List<ToolStatusChanged> statuses = new ArrayList<>();
        for (Read one : read) {
            entries.add(one.event().entry());
            if (one.event().event() instanceof ToolStatusChanged status) {
                statuses.add(status);
            }
        }
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.withTransaction(connection -> logs.insertAll(connection, entries)
                .chain(() -> toolStates.applyAll(connection, statuses)));
    }

    private Uni<Void> deadLetter(ConsumerRecord<String, String> record, String reason, Throwable cause) {
        return deadLetters.send(record, reason, cause).invoke(() -> LOG.warnf(
                "Dead-lettered the record at %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                reason));
    }

    static boolean refusedData(Throwable failure) {
        return failure instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().length() >= 2
                && REFUSED_DATA.contains(pg.getSqlState().substring(0, 2));
    }

    /**
     * Runs before the database pool closes (the pool closes in Quarkus's shutdown tasks, the Kafka consumers after
     * them): no new batch is handed over, and the one in hand gets up to {@code mcps.ingest.stop-timeout} to be
     * stored and acknowledged, so its offsets are committed when the consumer closes.
     */
    void stop(@Observes @Priority(1) ShutdownEvent event) {
        PausableChannel channel = channels.getPausable(CHANNEL);
        if (channel != null) {
            channel.pause();
        }
        stopping.countDown();
        try {
            if (batch.tryLock(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                batch.unlock();
            } else {
                LOG.warnf("Stopping while a batch is still being stored after %s; it will be read again", stopTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Read(ConsumerRecord<String, String> record, IngestedEvent event) {
    }

    private record Unreadable(ConsumerRecord<String, String> record, UnreadableEvent reason) {
    }
}
