package one.mcps.tools.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import one.mcps.tools.ownership.Leases;
import one.mcps.tools.ownership.OwnershipConfig;
import one.mcps.tools.registry.Tool;

/**
 * Moves tools between instances make-before-break when one stops gracefully (a rolling update): the successor
 * starts a process of its own first, then the lease moves to it and it announces the tool, while the stopping
 * instance keeps serving for {@code handover-linger}, so clients never see the tool missing. A successor whose
 * process is not ready by {@code handover-timeout} still gets the lease (it finishes the start it began); a tool
 * whose successor did not take the prepare is not handed over: it stops with this instance and is taken over from
 * its released lease.
 */
@ApplicationScoped
public class Handover {

    static final String PREPARE = "prepare";
    private static final Logger LOG = Logger.getLogger(Handover.class);

    private final Supervisor supervisor;
    private final Leases leases;
    private final OwnerForwarder forwarder;
    private final OwnershipConfig config;
    private final Vertx vertx;

    public Handover(Supervisor supervisor, Leases leases, OwnerForwarder forwarder, OwnershipConfig config,
            Vertx vertx) {
        this.supervisor = supervisor;
        this.leases = leases;
        this.forwarder = forwarder;
        this.config = config;
        this.vertx = vertx;
    }

    /**
     * The successor's side: a process of the tool here, started as a stand-by (nothing written or announced) until
     * the lease arrives. A shared tool's stand-by whose lease never comes (the stopping instance died meanwhile)
     * stops again, so the tool does not run twice.
     */
    public ToolStatus prepare(Tool tool) {
        ToolStatus status = supervisor.start(tool, null);
        if (!Tool.PER_SESSION.equals(tool.sharing)) {
            long expiry = config.handoverTimeout().plus(config.handoverLinger()).multipliedBy(2).toMillis();
            vertx.setTimer(expiry, t -> {
                if (!supervisor.owns(tool.id)) {
                    supervisor.stopStandBy(tool.id, "the handover from another instance did not come");
                }
            });
        }
        return status;
    }

    /**
     * The stopping instance's side: hands every tool that is up here to the other live instances (round-robin) and
     * lingers while clients move over. Blocks: the questions to successors end by
     * {@code handover-timeout}, then the lease updates and {@code handover-linger}; called at shutdown before the
     * processes stop.
     */
    void handOverAll() {
        Map<UUID, Long> up = supervisor.ownedUp();
        if (up.isEmpty()) {
            return;
        }
        List<Leases.Instance> peers;
        try {
            // renewed first: the handover must not outlive leases no round extends any more
            peers = leases.renew().chain(leases::liveInstances).await().atMost(config.forwardTimeout()).stream()
                    .filter(i -> !i.id().equals(leases.instanceId())).toList();
        } catch (RuntimeException e) {
            LOG.warnf("No handover of %d tools (the registry did not answer: %s); they stop here", up.size(),
                    e.getMessage());
            return;
        }
        if (peers.isEmpty()) {
            LOG.infof("No other live instance to hand %d tools to; they stop here", up.size());
            return;
        }
        long deadline = System.nanoTime() + config.handoverTimeout().toNanos();
        List<Uni<Boolean>> moves = new ArrayList<>();
        int next = 0;
        for (Map.Entry<UUID, Long> tool : up.entrySet()) {
            moves.add(handOver(tool.getKey(), tool.getValue(), peers.get(next++ % peers.size()), deadline));
        }
        try {
            long moved = Uni.join().all(moves).andCollectFailures()
                    .await().atMost(config.handoverTimeout().plus(config.forwardTimeout()))
                    .stream().filter(Boolean::booleanValue).count();
            LOG.infof("Handed %d of %d tools over to other instances", moved, up.size());
            if (moved == 0) {
                return;
            }
        } catch (RuntimeException e) {
            // some may have moved: they get their linger too
            LOG.warnf("Handover of %d tools did not complete: %s", up.size(), e.toString());
        }
        pause(config.handoverLinger());
    }

    private Uni<Boolean> handOver(UUID toolId, long generation, Leases.Instance successor, long deadline) {
        return within(deadline, forwarder.forward(successor.bridgeBaseUrl(), successor.id(), toolId, PREPARE))
                .chain(status -> up(status) ? Uni.createFrom().item(true) : ready(toolId, successor, deadline))
                .chain(ready -> leases.handOver(toolId, generation, successor.id()))
                .map(newGeneration -> {
                    if (newGeneration == null) {
                        // lost meanwhile (an expired lease someone took): it stops here like any lost tool
                        return false;
                    }
                    supervisor.handedOver(toolId, generation, successor.id());
                    // Not waited for: the successor's next round adopts a lease it holds anyway; this only saves
                    // that wait, and the linger gives it the time to arrive.
                    forwarder.forward(successor.bridgeBaseUrl(), successor.id(), toolId, LifecycleService.START)
                            .subscribe().with(ok -> {
                            }, e -> LOG.infof("Instance %s was not told to start tool %s (its next round will): %s",
                                    successor.id(), toolId, e.toString()));
                    return true;
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Tool %s not handed over to instance %s: %s", toolId, successor.id(),
                            failure.toString());
                    return false;
                });
    }

    /** Whether the successor's process got ready before the deadline, asking every {@code handover-poll}. */
    private Uni<Boolean> ready(UUID toolId, Leases.Instance successor, long deadline) {
        if (System.nanoTime() >= deadline) {
            return Uni.createFrom().item(false);
        }
        return Uni.createFrom().voidItem().onItem().delayIt().by(config.handoverPoll())
                .chain(() -> within(deadline, forwarder.forward(successor.bridgeBaseUrl(), successor.id(), toolId,
                        LifecycleService.STATUS)))
                .chain(status -> up(status) ? Uni.createFrom().item(true) : ready(toolId, successor, deadline))
                // Not ready in time (a loaded host starts a server slowly): the lease moves anyway, since a successor
                // that took the prepare finishes its start and announces the tool sooner than a release and a claim.
                .onFailure().recoverWithItem(false);
    }

    /** A question to the successor answered by the deadline, or a failure: a slow successor does not hold the stop. */
    private static <T> Uni<T> within(long deadline, Uni<T> question) {
        long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        // a timer shorter than a millisecond is refused by Vert.x (and would leave the question hanging)
        return leftMs < 1 ? Uni.createFrom().failure(new TimeoutException("the handover's time is up"))
                : question.ifNoItem().after(Duration.ofMillis(leftMs)).fail();
    }

    private static boolean up(ToolStatus status) {
        return ToolState.RUNNING.wire().equals(status.state()) || ToolState.UNHEALTHY.wire().equals(status.state());
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
