package one.mcps.observability.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.annotations.Blocking;
import one.mcps.observability.logs.LogEntry;
import one.mcps.observability.logs.LogRepository;
import one.mcps.observability.monitoring.ToolStateRepository;
import one.mcps.platform.events.ToolStatusChanged;

/**
 * Reads every platform topic in batches (consumer group {@code observability-service}, shared by all instances,
 * offsets committed after a batch is stored) and writes each batch into the log with one pipelined round trip.
 * Delivery is at-least-once: a redelivered event finds its event id already stored and is dropped by the database.
 * Parsing a batch is CPU work, so it runs on a worker thread; while the database is unreachable the write is retried
 * with back-off and the consumer waits (Kafka keeps the events), instead of failing the channel or losing a batch.
 */
@ApplicationScoped
public class IngestConsumer {

    public static final String CHANNEL = "mcps-ingest";
    private static final Logger LOG = Logger.getLogger(IngestConsumer.class);

    private final EventMapper mapper;
    private final LogRepository logs;
    private final ToolStateRepository toolStates;
    private final Duration firstBackOff;
    private final Duration maxBackOff;

    public IngestConsumer(EventMapper mapper, LogRepository logs, ToolStateRepository toolStates,
            @ConfigProperty(name = "mcps.ingest.retry.first-back-off") Duration firstBackOff,
            @ConfigProperty(name = "mcps.ingest.retry.max-back-off") Duration maxBackOff) {
        this.mapper = mapper;
        this.logs = logs;
        this.toolStates = toolStates;
        this.firstBackOff = firstBackOff;
        this.maxBackOff = maxBackOff;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void ingest(ConsumerRecords<String, String> records) {
        List<LogEntry> entries = new ArrayList<>(records.count());
        List<ToolStatusChanged> statuses = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            mapper.map(record).ifPresent(event -> {
                entries.add(event.entry());
                if (event.event() instanceof ToolStatusChanged status) {
                    statuses.add(status);
                }
            });
        }
        Uni.createFrom().deferred(() -> logs.insertAll(entries).chain(() -> toolStates.applyAll(statuses)))
                .onFailure().invoke(f -> LOG.warnf("Cannot store %d log entries yet, retrying: %s", entries.size(),
                        f.getMessage()))
                .onFailure().retry().withBackOff(firstBackOff, maxBackOff).indefinitely()
                .await().indefinitely();
    }
}
