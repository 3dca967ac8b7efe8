package one.mcps.proxy.upstream;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import one.mcps.proxy.config.ProxyConfig;
import one.mcps.proxy.sessions.SessionStore;

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
    /** Tools whose serving upstream is being replaced by one for this newer definition (see replaceWhenReady). */
    private final Map<String, RunningTool> moving = new ConcurrentHashMap<>();
    /** Look-ups of tool-service's list still retrying; a stopping instance cancels them. */
    private final Set<Cancellable> synchronizing = ConcurrentHashMap.newKeySet();

    private final SessionStore store;

    public UpstreamManager(ToolServiceClient toolService, UpstreamClients clients, UpstreamListener listener,
            SessionStore store, ProxyConfig config) {
        this.toolService = toolService;
        this.store = store;
        this.clients = clients;
        this.listener = listener;
        this.config = config.upstreams();
    }

    void onStart(@Observes StartupEvent event) {
        synchronize();
    }

    void onStop(@Observes ShutdownEvent event) {
        synchronizing.forEach(Cancellable::cancel);
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
        AtomicReference<Cancellable> self = new AtomicReference<>();
        Cancellable running = toolService.running()
                .onFailure().invoke(e -> LOG.infof("tool-service not reachable yet (%s); retrying", e.getMessage()))
                .onFailure().retry().withBackOff(config.reconnectInitialBackoff(), config.reconnectMaxBackoff())
                .indefinitely()
                .onTermination().invoke(() -> synchronizing.remove(self.get()))
                .subscribe().with(this::reconcile, e -> LOG.error("Giving up on tool-service's tool list", e));
        self.set(running);
        synchronizing.add(running);
    }

    /**
     * This instance no longer holds a client session (it ended, or went idle here): the upstream clients kept for it
     * alone are dropped; its upstream sessions, stored, are ended by whoever ends the client session.
     */
    public void sessionLeft(String session) {
        upstreams.values().forEach(u -> u.sessionLeft(session));
    }

    /** Ends an ended client session's own upstream session, whichever instance opened it. */
    public void endUpstreamSession(SessionStore.UpstreamSession stored) {
        Upstream upstream = upstreams.get(stored.tool());
        if (upstream != null) {
            upstream.endSession(stored);
        }
    }

    /**
     * Where a tool is served now, for a request its old address refused: tool-service's current list is applied
     * (every tool, not only this one), and the upstream of this tool comes back on the caller's context, connected
     * anew if its address changed. Fails when the tool runs nowhere now.
     */
    Uni<Upstream> relocated(String name) {
        Context context = Vertx.currentContext();
        Uni<Upstream> found = toolService.running().chain(running -> {
            RunningTool tool = running.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
            running.stream().filter(t -> t != tool).forEach(this::reconcileOne);
            if (tool == null) {
                toolGone(name);
                return Uni.createFrom().failure(new IOException("Upstream " + name + " runs nowhere now"));
            }
            return connect(tool);
        });
        return context == null ? found : found.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    /** A client said its roots changed: the upstream sessions that are its own hear of it. */
    public void rootsChanged(String session) {
        upstreams.values().forEach(u -> u.rootsChanged(session));
    }

    /** A tool left the running state: its entries leave the catalog now. */
    public void toolGone(String name) {
        moving.remove(name);
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
        running.forEach(this::reconcileOne);
        upstreams.keySet().stream().filter(name -> !names.contains(name)).toList().forEach(this::toolGone);
    }

    /** New or changed (another address, owner or set of bridges: new upstream sessions go there) → connected. */
    private void reconcileOne(RunningTool tool) {
        Upstream existing = upstreams.get(tool.name());
        if (existing != null && existing.tool().equals(tool)) {
            if (existing.state() != UpstreamState.READY && connecting.containsKey(tool.name())) {
                // tried while the tool was still starting: it runs now, so try again now, not after a grown back-off
                Infrastructure.getDefaultWorkerPool().execute(() -> connectNow(tool, true));
            }
            return;
        }
        if (existing != null && existing.state() == UpstreamState.READY) {
            replaceWhenReady(tool, existing);
            return;
        }
        connect(tool).subscribe().with(ignored -> {
        }, e -> LOG.warnf("Upstream %s: not connected: %s", tool.name(), e.getMessage()));
    }

    /**
     * A serving upstream whose tool changed (typically moved to another tool-service instance in a rolling update,
     * whose old process keeps serving for a while) stays in the catalog until the new one is connected: then the
     * new one takes its place and the old one closes, so clients never see the tool missing. A new one that cannot
     * connect within the reconnect attempts replaces the old one anyway and keeps trying, as any new upstream does.
     */
    private void replaceWhenReady(RunningTool tool, Upstream current) {
        if (tool.equals(moving.put(tool.name(), tool))) {
            return;
        }
        // each attempt with a client of its own: an SDK client whose initialize failed cannot initialize again
        Uni.createFrom().item(() -> create(tool)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(next -> next.connect().replaceWith(next)
                        .onFailure().call(e -> next.close()))
                .onFailure().retry().withBackOff(config.reconnectInitialBackoff(), config.reconnectMaxBackoff())
                .atMost(config.maxRetries())
                .subscribe().with(next -> swap(tool, current, next), e -> {
                    LOG.warnf("Upstream %s: its new address did not answer (%s); switching anyway", tool.name(),
                            e.getMessage());
                    if (moving.remove(tool.name(), tool)) {
                        connect(tool).subscribe().with(ignored -> {
                        }, failure -> LOG.warnf("Upstream %s: not connected: %s", tool.name(), failure.getMessage()));
                    }
                });
    }

    /** Only the latest move of a tool lands, and only over the upstream it was started from. */
    private synchronized void swap(RunningTool tool, Upstream current, Upstream next) {
        if (moving.remove(tool.name(), tool) && upstreams.replace(tool.name(), current, next)) {
            LOG.infof("Upstream %s moved to %s: %d tools", tool.name(), tool.url(), next.catalog().tools().size());
            current.close().subscribe().with(ignored -> {
            });
            listener.catalogChanged(tool.name());
        } else {
            next.close().subscribe().with(ignored -> {
            });
        }
    }

    /**
     * The upstream for this definition of the tool, created unless it exists already. Building an SDK client does
     * blocking set-up (an HttpClient and its selector thread): never on the event loop.
     */
    private Uni<Upstream> connect(RunningTool tool) {
        return Uni.createFrom().item(() -> connectNow(tool, false))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private synchronized Upstream connectNow(RunningTool tool, boolean fresh) {
        Upstream existing = upstreams.get(tool.name());
        if (!fresh && existing != null && existing.tool().equals(tool)) {
            return existing;
        }
        Cancellable previous = connecting.remove(tool.name());
        if (previous != null) {
            previous.cancel();
        }
        Upstream upstream = create(tool);
        Upstream replaced = upstreams.put(tool.name(), upstream);
        if (replaced != null) {
            replaced.close().subscribe().with(ignored -> {
            });
        }
        AtomicReference<Upstream> attempting = new AtomicReference<>(upstream);
        Cancellable attempt = Uni.createFrom().deferred(() -> attempting.get().connect())
                .onFailure().call(e -> {
                    LOG.warnf("Upstream %s: connecting failed (%s); retrying", tool.name(), e.getMessage());
                    // an SDK client whose initialize failed cannot initialize again: the next attempt gets a new one
                    return Uni.createFrom().item(() -> replaceFailed(tool, attempting))
                            .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
                })
                .onFailure().retry().withBackOff(config.reconnectInitialBackoff(), config.reconnectMaxBackoff())
                .indefinitely()
                .subscribe().with(ignored -> {
                    connecting.remove(tool.name());
                    LOG.infof("Upstream %s ready: %d tools", tool.name(),
                            attempting.get().catalog().tools().size());
                    listener.catalogChanged(tool.name());
                }, e -> LOG.errorf("Upstream %s: giving up: %s", tool.name(), e.getMessage()));
        connecting.put(tool.name(), attempt);
        return upstream;
    }

    /** A new upstream in place of the one whose connection attempt failed, unless another replaced it meanwhile. */
    private synchronized Upstream replaceFailed(RunningTool tool, AtomicReference<Upstream> attempting) {
        Upstream failed = attempting.get();
        if (upstreams.get(tool.name()) != failed) {
            return failed;
        }
        Upstream next = create(tool);
        upstreams.put(tool.name(), next);
        attempting.set(next);
        failed.close().subscribe().with(ignored -> {
        });
        return next;
    }

    private Upstream create(RunningTool tool) {
        return new Upstream(tool, clients, config, listener, store, this::relocated, () -> reconnect(tool.name()));
    }

    /** A fresh client for an upstream whose circuit opened: the old session may be gone with a restarted server. */
    private void reconnect(String name) {
        Upstream current = upstreams.get(name);
        if (current != null && !connecting.containsKey(name)) {
            Infrastructure.getDefaultWorkerPool().execute(() -> connectNow(current.tool(), true));
        }
    }
}
