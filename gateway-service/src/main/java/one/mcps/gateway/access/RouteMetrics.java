package one.mcps.gateway.access;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;

/**
 * Per-route request metrics in {@code /q/metrics}: {@code mcps_gateway_requests_seconds} (count, sum, p50, p99 by
 * route) and {@code mcps_gateway_responses_total} by route and status. The status page reads the same meters.
 */
@Singleton
public class RouteMetrics {

    /** What the status page shows for one route. */
    public record Summary(long requests, long errors, double p50Ms, double p99Ms) {
    }

    private record RouteMeters(Timer latency, Counter errors) {
    }

    private final MeterRegistry registry;
    private final Map<String, RouteMeters> meters = new ConcurrentHashMap<>();
    private final Map<String, Counter> responses = new ConcurrentHashMap<>();

    public RouteMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String route, int status, long nanos) {
        RouteMeters m = meters(route);
        m.latency().record(nanos, TimeUnit.NANOSECONDS);
        if (status >= 500) {
            m.errors().increment();
        }
        responses.computeIfAbsent(route + ' ' + status, k -> Counter.builder("mcps.gateway.responses")
                .description("Responses through the gateway by route and status")
                .tag("route", route).tag("status", Integer.toString(status)).register(registry)).increment();
    }

    public Summary summary(String route) {
        RouteMeters m = meters(route);
        double p50 = 0;
        double p99 = 0;
        for (ValueAtPercentile v : m.latency().takeSnapshot().percentileValues()) {
            if (v.percentile() == 0.5) {
                p50 = v.value(TimeUnit.MILLISECONDS);
            } else if (v.percentile() == 0.99) {
                p99 = v.value(TimeUnit.MILLISECONDS);
            }
        }
        return new Summary(m.latency().count(), (long) m.errors().count(), p50, p99);
    }

    private RouteMeters meters(String route) {
        return meters.computeIfAbsent(route, r -> new RouteMeters(
                Timer.builder("mcps.gateway.requests").description("Requests through the gateway by route")
                        .tag("route", r).publishPercentiles(0.5, 0.99).register(registry),
                Counter.builder("mcps.gateway.errors").description("5xx answers by route (upstream or gateway)")
                        .tag("route", r).register(registry)));
    }
}
