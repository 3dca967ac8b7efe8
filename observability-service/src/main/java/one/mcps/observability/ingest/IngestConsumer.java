package one.mcps.observability.ingest;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.mutiny.Uni;
import one.mcps.observability.logs.LogEntry;
import one.mcps.observability.logs.LogRepository;
import one.mcps.observability.monitoring.ToolStateRepository;
import one.mcps.platform.events.ToolStatusChanged;

/**
 * Reads every platform topic in batches (consumer group {@code observability-service}, shared by all instances,
 * offsets committed after a batch is stored) and writes each batch into the log with one pipelined round trip.
 * Delivery is at-least-once: a redelivered event finds its event id already stored and is dropped by the database.
 */
@ApplicationScoped
public class IngestConsumer {

    public static final String CHANNEL = "mcps-ingest";

    private final EventMapper mapper;
    private final LogRepository logs;
    private final ToolStateRepository toolStates;

    public IngestConsumer(EventMapper mapper, LogRepository logs, ToolStateRepository toolStates) {
        this.mapper = mapper;
        this.logs = logs;
        this.toolStates = toolStates;
    }

    @Incoming(CHANNEL)
    public Uni<Void> ingest(ConsumerRecords<String, String> records) {
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
        return logs.insertAll(entries).chain(() -> toolStates.applyAll(statuses));
    }
}
