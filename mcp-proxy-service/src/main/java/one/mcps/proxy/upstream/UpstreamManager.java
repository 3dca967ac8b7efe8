package one.mcps.proxy.upstream;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;
import one.mcps.proxy.config.ProxyConfig;

/**
 * One MCP client per running upstream. It learns what runs from tool-service at start and whenever a tool becomes
 * running, drops an upstream when its tool stops, and reconnects with back-off when one stops answering.
 */
@ApplicationScoped
public class UpstreamManager {

    private static final Logger LOG = Logger.getLogger(UpstreamManager.class);

    private final ToolServiceClient toolService;
    private final UpstreamClients clients;
    private final UpstreamListener listener;
    private final ProxyConfig.Upstreams config;
    private final Map<String, Upstream> upstreams = new ConcurrentHashMap<>();
    private final Map<String, Cancellable> connecting = new ConcurrentHashMap<>();

    public UpstreamManager(ToolServiceClient toolService, UpstreamClients clients, UpstreamListener listener,
            ProxyConfig config) {
        this.toolService = toolService;
        this.clients = clients;
        this.listener = listener;
        this.config = config.upstreams();
    }

    void onStart(@Observes StartupEvent event) {
        synchronize();
    }

    void onStop(@Observes ShutdownEvent event) {
        connecting.values().forEach(Cancellable::cancel);
        upstreams.values().forEach(u -> u.close().subscribe().with(ignored -> {
        }));
    }

    public Optional<Upstream> get(String name) {
        return Optional.ofNullable(upstreams.get(name));
    }

    public Collection<Upstream> all() {
        return upstreams.values();
    }

    /**
     * Asks tool-service what runs now and connects to what is new or changed; retried with back-off while
     * tool-service is unreachable (the proxy stays ready meanwhile).
     */
    public void synchronize() {
        toolService.running()
                .onFailure().invoke(e -> LOG.infof("tool-service not reachable yet (%s); retrying", e.getMessage()))
                .onFailure().retry().withBackOff(config.reconnectInitialBackoff(), config.reconnectMaxBackoff())
                .indefinitely()
                .subscribe().with(this::reconcile, e -> LOG.error("Giving up on tool-service's tool list", e));
    }

    /** A client session ended: upstream sessions opened for it alone (per_session tools) end too. */
    public void sessionEnded(String session) {
        upstreams.values().forEach(u -> u.sessionEnded(session));
    }

    /** A client said its roots changed: the upstream sessions that are its own hear of it. */
    public void rootsChanged(String session) {
        upstreams.values().forEach(u -> u.rootsChanged(session));
    }

    /** A tool left the running state: its entries leave the catalog now. */
    public void toolGone(String name) {
        Cancellable pending = connecting.remove(name);
        if (pending != null) {
            pending.cancel();
        }
        Upstream gone = upstreams.remove(name);
        if (gone != null) {
            LOG.infof("Upstream %s stopped; removing it from the catalog", name);
            gone.close().subscribe().with(ignored -> {
            });
            listener.catalogChanged(name);
        }
    }

    private void reconcile(List<RunningTool> running) {
        Set<String> names = running.stream().map(RunningTool::name).collect(Collectors.toSet());
        for (RunningTool tool : running) {
            Upstream existing = upstreams.get(tool.name());
            if (existing == null || !existing.tool().equals(tool)) {
                connect(tool);
            }
        }
        upstreams.keySet().stream().filter(name -> !names.contains(name)).toList().forEach(this::toolGone);
    }

    /** Building an SDK client does blocking set-up (an HttpClient and its selector thread): never on the event loop. */
    private void connect(RunningTool tool) {
        Infrastructure.getDefaultWorkerPool().execute(() -> connectNow(tool));
    }

    private synchronized void connectNow(RunningTool tool) {
        Cancellable previous = connecting.remove(tool.name());
        if (previous != null) {
            previous.cancel();
        }
        Upstream upstream = new Upstream(tool, clients, config, listener, () -> reconnect(tool.name()));
        Upstream replaced = upstreams.put(tool.name(), upstream);
        if (replaced != null) {
            replaced.close().subscribe().with(ignored -> {
            });
        }
        Cancellable attempt = Uni.createFrom().deferred(upstream::connect)
                .onFailure().invoke(e -> LOG.warnf("Upstream %s: connecting failed (%s); retrying", tool.name(),
                        e.getMessage()))
                .onFailure().retry().withBackOff(config.reconnectInitialBackoff(), config.reconnectMaxBackoff())
                .indefinitely()
                .subscribe().with(ignored -> {
                    connecting.remove(tool.name());
                    LOG.infof("Upstream %s ready: %d tools", tool.name(), upstream.catalog().tools().size());
                    listener.catalogChanged(tool.name());
                }, e -> LOG.errorf("Upstream %s: giving up: %s", tool.name(), e.getMessage()));
        connecting.put(tool.name(), attempt);
    }

    /** A fresh client for an upstream whose circuit opened: the old session may be gone with a restarted server. */
    private void reconnect(String name) {
        Upstream current = upstreams.get(name);
        if (current != null && !connecting.containsKey(name)) {
            connect(current.tool());
        }
    }
}
