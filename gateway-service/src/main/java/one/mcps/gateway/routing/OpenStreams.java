package one.mcps.gateway.routing;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;

/**
 * The exchanges on streaming routes (an MCP GET stream, an SSE answer, a WebSocket tunnel) open right now. They do
 * not end by themselves, so on a stop the bounded drain of in-flight requests would wait its whole timeout for them
 * and then log an ERROR. When the shutdown delay has passed (the balancer has stopped sending here by then) their
 * connections are closed: each client sees its stream end and reconnects through the balancer to another instance.
 */
@Singleton
public class OpenStreams {

    private static final Logger LOG = Logger.getLogger(OpenStreams.class);

    private final Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();
    private final Vertx vertx;
    private final Duration delay;

    public OpenStreams(Vertx vertx, @ConfigProperty(name = "quarkus.shutdown.delay") Optional<Duration> delay) {
        this.vertx = vertx;
        this.delay = delay.orElse(Duration.ZERO);
    }

    /** Tracks the exchange's connection until the exchange ends. */
    public void track(RoutingContext ctx) {
        HttpConnection connection = ctx.request().connection();
        connections.add(connection);
        ctx.addEndHandler(ended -> connections.remove(connection));
    }

    void onStopping(@Observes ShutdownDelayInitiatedEvent event) {
        if (delay.isZero()) {
            closeAll();
        } else {
            vertx.setTimer(delay.toMillis(), timer -> closeAll());
        }
    }

    void closeAll() {
        LOG.infof("Closing %d open stream(s) so the stop need not wait for them", connections.size());
        connections.forEach(HttpConnection::close);
    }
}
