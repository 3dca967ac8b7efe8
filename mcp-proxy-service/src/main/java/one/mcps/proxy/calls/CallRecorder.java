package one.mcps.proxy.calls;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import one.mcps.platform.events.McpCallRecorded;
import one.mcps.proxy.config.ProxyConfig;

/**
 * Emits one {@code mcps.mcp.calls} event per routed call without ever making the call wait for Kafka: events go
 * out fire-and-forget (through {@link CallEventSender}), and beyond a bounded number awaiting the broker they are
 * dropped and counted.
 */
@ApplicationScoped
public class CallRecorder {

    private final CallEventSender sender;
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    public CallRecorder(CallEventSender sender, ProxyConfig config, MeterRegistry registry) {
        this.sender = sender;
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
        sender.send(event, delivered -> {
            inFlight.decrementAndGet();
            if (!delivered) {
                dropped.incrementAndGet();
            }
        });
    }

    /** Calls routed since start (for the status endpoint's calls/s). */
    public long total() {
        return calls.get();
    }

    public long dropped() {
        return dropped.get();
    }
}
