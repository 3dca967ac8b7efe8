package one.mcps.tools.lifecycle;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import one.mcps.platform.events.EventPublisher;
import one.mcps.platform.events.ToolLogLine;

/**
 * Sends tool log lines to {@code mcps.tool.logs}. They change no database row, so they go straight to Kafka (no
 * outbox): a chatty server costs producer batches, never database writes. A bounded queue drained on a timer
 * keeps a flood from growing memory or starving the event loop; what overflows is counted and reported as a
 * lifecycle note instead of being sent.
 */
@ApplicationScoped
public class LogShipper {

    private static final Logger LOG = Logger.getLogger(LogShipper.class);

    private final EventPublisher publisher;
    private final Vertx vertx;
    private final BlockingQueue<ToolLogLine> queue;
    private final Duration interval;
    private final int batchSize;
    private final Map<String, AtomicLong> dropped = new ConcurrentHashMap<>();
    private long timerId = -1;

    public LogShipper(EventPublisher publisher, Vertx vertx,
            @ConfigProperty(name = "mcps.tools.logs.queue-size") int queueSize,
            @ConfigProperty(name = "mcps.tools.logs.flush-interval") Duration interval,
            @ConfigProperty(name = "mcps.tools.logs.batch-size") int batchSize) {
        this.publisher = publisher;
        this.vertx = vertx;
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.interval = interval;
        this.batchSize = batchSize;
    }

    void start(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(interval.toMillis(), id -> flush());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** Keeps the line among the tool's recent lines (tail, follow) and sends it. */
    void record(ManagedTool tool, ToolLogLine line) {
        tool.logs.add(line);
        ship(line);
    }

    /** Never blocks: a full queue drops the line and counts it. */
    public void ship(ToolLogLine line) {
        if (!queue.offer(line)) {
            dropped.computeIfAbsent(line.tool(), t -> new AtomicLong()).incrementAndGet();
        }
    }

    private void flush() {
        dropped.forEach((tool, count) -> {
            long n = count.getAndSet(0);
            if (n > 0) {
                send(new ToolLogLine(tool, ToolLogLine.LIFECYCLE, "warn",
                        n + " log lines were not sent: the tool wrote faster than they could be shipped", null,
                        java.time.Instant.now()));
            }
        });
        for (int i = 0; i < batchSize; i++) {
            ToolLogLine line = queue.poll();
            if (line == null) {
                return;
            }
            send(line);
        }
    }

    private void send(ToolLogLine line) {
        try {
            publisher.publish(line).subscribe().with(ok -> {
            }, failure -> LOG.debugf("A log line of %s was not sent: %s", line.tool(), failure.getMessage()));
        } catch (RuntimeException e) {
            LOG.debugf("A log line of %s was not sent: %s", line.tool(), e.getMessage());
        }
    }
}
