package one.mcps.tools.lifecycle;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import one.mcps.tools.db.Database;
import one.mcps.tools.ownership.Leases;
import one.mcps.tools.ownership.OwnershipConfig;
import one.mcps.tools.registry.Tool;
import one.mcps.tools.registry.ToolRepository;

/**
 * Keeps what runs here in line with the leases, every {@code mcps.tools.ownership.renew-interval}: renews this
 * instance's heartbeat and leases, stops at once the tools whose lease it lost, takes its fair share of the tools
 * that should run and nobody holds (a new tool, or one whose owner died) and starts them, and keeps a stand-by
 * of every per-session tool another instance runs, so sessions can land on any instance. It only ever touches
 * leases that are its own or expired: other instances' running tools are theirs. On a graceful stop it hands its
 * running tools to other instances ({@link Handover}), stops its processes, then gives the remaining leases up, so
 * another instance takes those over at once instead of after the TTL.
 */
@ApplicationScoped
public class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);

    private final Database db;
    private final ToolRepository repository;
    private final Supervisor supervisor;
    private final StatusWriter status;
    private final Leases leases;
    private final Vertx vertx;
    private final SupervisorConfig config;
    private final OwnershipConfig ownership;
    private final Handover handover;
    private final AtomicBoolean ticking = new AtomicBoolean();
    private final AtomicBoolean handingOver = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile long lastRenewStarted = System.nanoTime();
    private long timer = -1;

    public Reconciler(Database db, ToolRepository repository, Supervisor supervisor, StatusWriter status,
            Leases leases, Vertx vertx, SupervisorConfig config, OwnershipConfig ownership, Handover handover) {
        this.db = db;
        this.repository = repository;
        this.supervisor = supervisor;
        this.status = status;
        this.leases = leases;
        this.vertx = vertx;
        this.config = config;
        this.ownership = ownership;
        this.handover = handover;
    }

    void onStart(@Observes StartupEvent event) {
        // leases left by an earlier run under the same instance id: those processes died with it
        leases.releaseAll().chain(leases::heartbeat)
                .subscribe().with(ok -> tick(), failure -> LOG.warnf("Could not register this instance: %s",
                        failure.getMessage()));
        timer = vertx.setPeriodic(ownership.renewInterval().toMillis(), t -> tick());
    }

    /** One round; a round still running (a slow database) is not overlapped. */
    void tick() {
        if (stopping || !ticking.compareAndSet(false, true)) {
            return;
        }
        Map<UUID, Long> before = supervisor.owned();
        long started = System.nanoTime();
        leases.heartbeat().chain(leases::renew).chain(held -> {
            lastRenewStarted = started;
            Map<UUID, Long> missing = new HashMap<>();
            before.forEach((id, generation) -> {
                if (!generation.equals(held.get(id))) {
                    missing.put(id, generation);
                }
            });
            return (missing.isEmpty() ? Uni.createFrom().voidItem() : lostOrDeleted(missing))
                    .chain(() -> adopt(held));
        }).chain(() -> config.reconcileOnStart() ? claim().chain(this::standBys) : Uni.createFrom().voidItem())
                .subscribe().with(ok -> ticking.set(false), failure -> {
                    ticking.set(false);
                    if (stopping) {
                        // the pool closes under a round that was under way: the leases are released anyway
                        return;
                    }
                    LOG.warnf("Could not renew tool leases: %s", failure.getMessage());
                    if (System.nanoTime() - lastRenewStarted >= ownership.ttl().toNanos()) {
                        // the leases have expired by now and others may have taken the tools: step aside
                        supervisor.owned().forEach(supervisor::lost);
                    }
                });
    }

    /** A lease that went with its tool (deleted on another instance) stops the tool as a deletion does. */
    private Uni<Void> lostOrDeleted(Map<UUID, Long> missing) {
        return repository.existing(db.client(), List.copyOf(missing.keySet())).invoke(existing -> missing.forEach(
                (id, generation) -> {
                    if (existing.contains(id)) {
                        supervisor.lost(id, generation);
                    } else {
                        supervisor.removed(id);
                    }
                })).replaceWithVoid();
    }

    /**
     * Starts the tools whose lease this instance holds but that do not run here: handed over by a stopping instance
     * whose word to start them did not arrive.
     */
    private Uni<Void> adopt(Map<UUID, Long> held) {
        Map<UUID, Long> owned = supervisor.owned();
        List<UUID> handed = held.keySet().stream().filter(id -> !owned.containsKey(id)).toList();
        return handed.isEmpty() ? Uni.createFrom().voidItem()
                : repository.findByIds(db.client(), handed).invoke(tools -> {
                    for (Tool tool : tools) {
                        if (stopping || !tool.enabled || !(tool.autoStart || tool.desiredRunning)) {
                            continue;
                        }
                        LOG.infof("Starting tool %s (its lease, generation %d, was handed to this instance)",
                                tool.name, held.get(tool.id));
                        try {
                            supervisor.start(tool, held.get(tool.id));
                        } catch (RuntimeException e) {
                            LOG.warnf("Tool %s was not started: %s", tool.name, e.getMessage());
                        }
                    }
                }).replaceWithVoid();
    }

    /** Takes this instance's fair share of the tools that should run and that nobody holds, and starts them. */
    private Uni<Void> claim() {
        return leases.claimFairShare().chain(acquired -> acquired.isEmpty() ? Uni.createFrom().voidItem()
                : repository.findByIds(db.client(), List.copyOf(acquired.keySet())).invoke(tools -> {
                    if (stopping) {
                        // acquired while the service began to stop: released with the rest, never started
                        return;
                    }
                    for (Tool tool : tools) {
                        LOG.infof("Starting tool %s (%s; lease generation %d)", tool.name,
                                tool.autoStart ? "auto_start" : "should run", acquired.get(tool.id));
                        try {
                            supervisor.start(tool, acquired.get(tool.id));
                        } catch (RuntimeException e) {
                            LOG.warnf("Tool %s was not started: %s", tool.name, e.getMessage());
                        }
                    }
                }).replaceWithVoid());
    }

    /**
     * A per-session tool that another instance runs gets a stand-by here (started without writing or announcing
     * anything), so a session that lands here gets a process here; a stand-by whose tool no longer runs anywhere
     * stops, and one whose definition changed starts again with the new one.
     */
    private Uni<Void> standBys() {
        return repository.findRunningOwned(db.client()).invoke(running -> {
            Map<UUID, Long> standing = new HashMap<>(supervisor.standBys());
            for (ToolRepository.Owned owned : running) {
                Tool tool = owned.tool();
                if (!Tool.PER_SESSION.equals(tool.sharing) || leases.instanceId().equals(owned.owner())
                        || supervisor.owns(tool.id)) {
                    continue;
                }
                Long version = standing.remove(tool.id);
                try {
                    if (version == null) {
                        supervisor.start(tool, null);
                    } else if (version != tool.version) {
                        supervisor.restart(tool, null);
                    }
                } catch (RuntimeException e) {
                    LOG.warnf("No stand-by of tool %s here: %s", tool.name, e.getMessage());
                }
            }
            standing.keySet().forEach(id -> supervisor.stopStandBy(id, "no longer running on any instance"));
        }).replaceWithVoid();
    }

    /**
     * The first moment of a graceful stop (readiness just went DOWN, the HTTP server still serves): rounds end, and
     * the running tools are handed to other instances while this one can still serve them during the move. Ahead of
     * the platform's {@code OpenStreams}, whose shutdown delay then counts from the end of the handover.
     */
    void onStopBegins(@Observes @Priority(Interceptor.Priority.APPLICATION) ShutdownDelayInitiatedEvent event) {
        endRoundsAndHandOver();
    }

    /**
     * Stops this instance's processes (those handed over without writing anything), waits for their state changes
     * to be written, then gives the remaining leases up and leaves the registry: other instances take those tools at
     * their next round, well within the grace period.
     */
    void onShutdown(@Observes ShutdownEvent event) {
        // without a shutdown delay there was no first moment: the handover happens now
        endRoundsAndHandOver();
        supervisor.shutdown();
        awaitUntil(status::idle);
        try {
            leases.releaseAll().chain(leases::leave).await().atMost(ownership.renewInterval());
        } catch (RuntimeException e) {
            LOG.warnf("Tool leases not released (others take the tools once they expire): %s", e.getMessage());
        }
    }

    private void endRoundsAndHandOver() {
        if (!handingOver.compareAndSet(false, true)) {
            return;
        }
        stopping = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        // a round under way may still acquire leases: let it end, so the handover and release cover them
        awaitUntil(() -> !ticking.get());
        handover.handOverAll();
    }

    /** Waits, at most one renew interval, for {@code done}. */
    private void awaitUntil(java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + ownership.renewInterval().toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
