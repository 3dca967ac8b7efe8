package one.mcps.proxy.calls;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import one.mcps.platform.events.EventPublisher;
import one.mcps.platform.events.McpCallRecorded;
import one.mcps.proxy.config.ProxyConfig;

/**
 * Puts call events on Kafka straight through the producer of the platform's event channel, in batches from one
 * thread, instead of one trip through the emitter per event. Measured on {@code tools/call}: the emitter's pipeline
 * (message and metadata objects, a Uni per event, context capture, the hop to the connector's sending thread) cost
 * more of the proxy's CPU than anything else a call does besides HTTP itself. The record is the one the connector
 * writes in CloudEvents binary mode: the JSON of {@link EventPublisher#toJson}, {@code ce_*} headers and
 * {@code content-type}, keyed by session id. The channel's producer settings (idempotence, acks, linger) apply.
 */
@ApplicationScoped
public class CallEventSender {

    private static final Logger LOG = Logger.getLogger(CallEventSender.class);

    private record Pending(McpCallRecorded event, Consumer<Boolean> done) {
    }

    private final KafkaClientService kafka;
    private final EventPublisher publisher;
    private final long intervalMicros;
    private final byte[] source;
    private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mcp-call-events");
        t.setDaemon(true);
        return t;
    });
    private Producer<String, String> producer;

    public CallEventSender(KafkaClientService kafka, EventPublisher publisher, ProxyConfig config,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.kafka = kafka;
        this.publisher = publisher;
        this.intervalMicros = config.calls().sendInterval().toNanos() / 1000;
        this.source = ("/mcps/" + service).getBytes(StandardCharsets.UTF_8);
    }

    void start(@Observes StartupEvent ignored) {
        thread.scheduleWithFixedDelay(this::drain, intervalMicros, intervalMicros, TimeUnit.MICROSECONDS);
    }

    /**
     * By this event Quarkus has drained the requests in flight, so every call's event is queued: what the timer has
     * not sent yet goes to the producer now (whose close by the connector, later in the stop, flushes it) instead of
     * being lost with the timer's thread. A run of the timer still under way takes other events off the same queue.
     */
    void stop(@Observes ShutdownEvent ignored) {
        thread.shutdown();
        drain();
    }

    /** Sends the event soon; {@code done} hears true once the broker has it, false if it never will. */
    public void send(McpCallRecorded event, Consumer<Boolean> done) {
        pending.add(new Pending(event, done));
    }

    private void drain() {
        Producer<String, String> p = producer();
        for (Pending next = pending.poll(); next != null; next = pending.poll()) {
            Pending sent = next;
            try {
                if (p == null) {
                    // The connector has not built its producer yet (start-up): the emitter will wait for it.
                    publisher.publish(sent.event()).subscribe().with(ok -> sent.done().accept(true),
                            e -> sent.done().accept(false));
                } else {
                    p.send(record(sent.event()), (metadata, e) -> sent.done().accept(e == null));
                }
            } catch (RuntimeException e) {
                LOG.debugf("A call event was not sent: %s", e.getMessage());
                sent.done().accept(false);
            }
        }
    }

    private Producer<String, String> producer() {
        if (producer == null) {
            try {
                producer = kafka.<String, String> getProducer(EventPublisher.CHANNEL).unwrap();
            } catch (RuntimeException e) {
                return null;
            }
        }
        return producer;
    }

    private ProducerRecord<String, String> record(McpCallRecorded event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", bytes("1.0"));
        headers.add("ce_id", bytes(UUID.randomUUID().toString()));
        headers.add("ce_type", bytes(event.type()));
        headers.add("ce_source", source);
        headers.add("ce_subject", bytes(event.key()));
        headers.add("content-type", bytes("application/json"));
        Instant at = event.at() == null ? Instant.now() : event.at();
        headers.add("ce_time", bytes(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atZone(ZoneOffset.UTC))));
        return new ProducerRecord<>(event.topic(), null, null, event.key(), publisher.toJson(event), headers);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
