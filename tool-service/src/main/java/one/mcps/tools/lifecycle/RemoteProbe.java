package one.mcps.tools.lifecycle;

import java.net.URI;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.ext.web.client.WebClient;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.errors.ProblemType;
import one.mcps.platform.security.OutboundTargets;
import one.mcps.tools.registry.Tool;

/**
 * The health of a remote (SSE or streamable HTTP) tool: it counts as up once the MCP handshake with it went through
 * within its startup timeout, then as long as it answers pings. The probe only reports; what a failure means (how
 * many missed pings make it failed, whether to restart) is the {@link Supervisor}'s.
 */
@ApplicationScoped
public class RemoteProbe {

    /** What the probe found; called on an event loop. */
    interface Findings {

        void reachable(RemoteClient session, ObjectNode initializeResult);

        void unreachable(String reason);

        void pingAnswered();

        void pingMissed(String reason);
    }

    private final Vertx vertx;
    private final WebClient web;
    private final io.vertx.mutiny.core.http.HttpClient http;
    private final McpHandshake handshake;
    private final OutboundTargets outbound;
    private final SupervisorConfig config;

    public RemoteProbe(Vertx vertx, io.vertx.mutiny.core.Vertx mutinyVertx, McpHandshake handshake,
            OutboundTargets outbound, SupervisorConfig config) {
        this.vertx = vertx;
        // A redirect would take the request (and the tool's secret headers) to a target never checked: refused.
        this.web = WebClient.create(mutinyVertx, new WebClientOptions().setFollowRedirects(false));
        this.http = mutinyVertx.createHttpClient();
        this.handshake = handshake;
        this.outbound = outbound;
        this.config = config;
    }

    /** Opens an MCP session with the tool's server; {@code reachable} hands it over, to ping and to close. */
    void connect(ToolSpec spec, Findings findings) {
        RemoteClient session = Tool.SSE.equals(spec.transport()) ? new SseRemoteClient(http, web, spec, outbound)
                : new StreamableHttpRemoteClient(web, spec);
        Duration timeout = Duration.ofMillis(spec.startupTimeoutMs());
        allowedTarget(spec.url()).chain(() -> session.initialize(handshake.initializeParams(), timeout))
                .subscribe().with(result -> findings.reachable(session, result),
                        failure -> findings.unreachable(refusal(failure) != null ? refusal(failure)
                                : "cannot complete the MCP handshake with " + spec.url() + ": "
                                        + failure.getMessage()));
    }

    /** Pings {@code session} every ping interval until the returned timer is cancelled. */
    long watch(ToolSpec spec, RemoteClient session, Findings findings) {
        return vertx.setPeriodic(config.pingInterval().toMillis(), t -> allowedTarget(spec.url())
                .chain(() -> session.ping(Duration.ofMillis(spec.callTimeoutMs())))
                .subscribe().with(ok -> findings.pingAnswered(), failure -> findings.pingMissed(refusal(failure) != null
                        ? "ping " + refusal(failure)
                        : "ping failed: " + failure.getMessage())));
    }

    /**
     * Checked before every connection and ping, not only when the URL was saved: a name can resolve to another
     * address later, and the allow-list can shrink.
     */
    private Uni<Void> allowedTarget(String url) {
        return Uni.createFrom().item(() -> URI.create(url)).chain(outbound::check);
    }

    /** The platform's own words for a refused target (nothing that answered there: it was never called); else null. */
    static String refusal(Throwable failure) {
        return failure instanceof ProblemException p && p.type() == ProblemType.OUTBOUND_TARGET_REFUSED
                ? "refused: " + p.getMessage() : null;
    }
}
