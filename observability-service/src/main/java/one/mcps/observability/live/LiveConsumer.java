package one.mcps.observability.live;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

import one.mcps.observability.ingest.EventMapper;
import one.mcps.platform.events.TaskChanged;
import one.mcps.platform.events.ToolStatusChanged;

/**
 * Feeds live clients straight from Kafka with a consumer group of this instance's own (every instance serves its
 * own clients, while ingestion shares one group), reading from "now": live clients want what happens, not history.
 * Mapping is CPU work, done on a worker thread; sending is queued per client and never waits here. With no client
 * connected a batch is dropped unread: every MCP call is an event, and parsing each a second time for nobody cost as
 * much as storing it.
 */
@ApplicationScoped
public class LiveConsumer {

    public static final String CHANNEL = "mcps-live";

    private final EventMapper mapper;
    private final LiveHub hub;

    public LiveConsumer(EventMapper mapper, LiveHub hub) {
        this.mapper = mapper;
        this.hub = hub;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void push(ConsumerRecords<String, String> records) {
        if (!hub.listening()) {
            return;
        }
        for (ConsumerRecord<String, String> record : records) {
            mapper.map(record).ifPresent(event -> {
                hub.publish(new LiveEvent(LiveEvent.LOGS, event.entry(), event.entry()));
                if (event.event() instanceof ToolStatusChanged status) {
                    hub.publish(new LiveEvent(LiveEvent.TOOL_STATUS, status, null));
                } else if (event.event() instanceof TaskChanged task) {
                    hub.publish(new LiveEvent(LiveEvent.TASKS, task, null));
                }
            });
        }
    }
}
