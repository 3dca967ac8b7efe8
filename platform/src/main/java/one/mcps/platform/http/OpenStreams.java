package one.mcps.platform.http;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;

/**
 * The exchanges that stream and do not end by themselves, open right now: the gateway's MCP GET streams, SSE answers
 * and WebSocket tunnels, tool-service's bridge streams. On a stop the bounded drain of in-flight requests would wait
 * its whole timeout for them and then log an ERROR. When the shutdown delay has passed (the balancer has stopped
 * sending here by then, and new requests are refused from then on) their connections are closed: each client sees
 * its stream end and reconnects to another instance. The delay counts from the end of the observers of
 * {@link ShutdownDelayInitiatedEvent} that run before this one (a service that hands work over first gives its
 * observer a higher priority), so the streams close as the drain begins.
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

    void onStopping(@Observes @Priority(Interceptor.Priority.APPLICATION + 500) ShutdownDelayInitiatedEvent event) {
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
