package one.mcps.gateway.admin;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import one.mcps.gateway.routing.RouteTable;
import one.mcps.gateway.routing.Upstream;

/** Probes every upstream instance's health path in the background, for the status page. */
@ApplicationScoped
public class UpstreamHealth {

    public static final String UP = "UP";
    public static final String DOWN = "DOWN";
    public static final String UNKNOWN = "UNKNOWN";

    private final WebClient client;
    private final RouteTable table;
    private final Duration timeout;
    private final Map<String, String> health = new ConcurrentHashMap<>();

    public UpstreamHealth(Vertx vertx, RouteTable table, AdminConfig config) {
        this.client = WebClient.create(vertx);
        this.table = table;
        this.timeout = config.healthTimeout();
    }

    @Scheduled(every = "${mcps.gateway.admin.health-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> probeAll() {
        return Uni.join().all(table.upstreams().stream()
                .flatMap(u -> u.instances().stream().map(i -> probe(u, i))).toList())
                .andCollectFailures().replaceWithVoid();
    }

    private Uni<Void> probe(Upstream upstream, Upstream.Instance instance) {
        return client.getAbs(instance.url() + upstream.healthPath()).timeout(timeout.toMillis()).send()
                .map(r -> r.statusCode() == 200 ? UP : DOWN)
                .onFailure().recoverWithItem(DOWN)
                .invoke(state -> health.put(instance.url(), state))
                .replaceWithVoid();
    }

    /** The last probe's answer for an instance. */
    public String of(Upstream.Instance instance) {
        return health.getOrDefault(instance.url(), UNKNOWN);
    }

    /** UP when every instance is up, DOWN when none is, else DEGRADED (or UNKNOWN before the first probe). */
    public String of(Upstream upstream) {
        long up = upstream.instances().stream().filter(i -> UP.equals(of(i))).count();
        long down = upstream.instances().stream().filter(i -> DOWN.equals(of(i))).count();
        if (up == upstream.instances().size()) {
            return UP;
        }
        if (down == upstream.instances().size()) {
            return DOWN;
        }
        return up + down < upstream.instances().size() ? UNKNOWN : "DEGRADED";
    }
}
