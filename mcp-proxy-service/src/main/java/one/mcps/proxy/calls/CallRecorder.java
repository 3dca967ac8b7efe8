package one.mcps.proxy.calls;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import one.mcps.platform.events.EventPublisher;
import one.mcps.platform.events.McpCallRecorded;
import one.mcps.proxy.config.ProxyConfig;

/**
 * Emits one {@code mcps.mcp.calls} event per routed call without ever making the call wait for Kafka: events go
 * out fire-and-forget, and beyond a bounded number awaiting the broker they are dropped and counted.
 */
@ApplicationScoped
public class CallRecorder {

    private static final Logger LOG = Logger.getLogger(CallRecorder.class);

    private final EventPublisher publisher;
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    public CallRecorder(EventPublisher publisher, ProxyConfig config, MeterRegistry registry) {
        this.publisher = publisher;
        this.maxInFlight = config.calls().maxInFlightEvents();
        FunctionCounter.builder("mcps_proxy_calls", calls, AtomicLong::get)
                .description("tools/call, resources/read and prompts/get routed").register(registry);
        FunctionCounter.builder("mcps_proxy_call_events_dropped", dropped, AtomicLong::get)
                .description("call events not sent because the broker was behind").register(registry);
    }

    public void record(McpCallRecorded event) {
        calls.incrementAndGet();
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        try {
            publisher.publish(event).subscribe().with(ignored -> inFlight.decrementAndGet(), e -> {
                inFlight.decrementAndGet();
                dropped.incrementAndGet();
                LOG.debugf("A call event was not delivered: %s", e.getMessage());
            });
        } catch (RuntimeException e) {
            // The emitter refuses synchronously when its own buffer is full: same outcome, the call goes on.
            inFlight.decrementAndGet();
            dropped.incrementAndGet();
        }
    }

    /** Calls routed since start (for the status endpoint's calls/s). */
    public long total() {
        return calls.get();
    }

    public long dropped() {
        return dropped.get();
    }
}
