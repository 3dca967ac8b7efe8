package one.mcps.tools.lifecycle;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.outbox.SqlOutbox;
import one.mcps.platform.security.Caller;
import one.mcps.tools.db.Database;
import one.mcps.tools.ownership.Leases;
import one.mcps.tools.registry.Tool;
import one.mcps.tools.registry.ToolRepository;
import one.mcps.tools.registry.ToolService;

/**
 * Start, stop and restart as an operator asks: records whether the tool should run (so a restarted service
 * brings it back) and an audit event in one transaction, then, once that is committed, has the tool's owner do
 * it. A request may land on any instance: a tool another live instance holds is forwarded to it
 * ({@link OwnerForwarder}); a tool nobody holds is acquired here (so tools started by hand spread over the
 * instances as the balancer spreads the requests); the caller gets the owner's answer either way.
 */
@ApplicationScoped
public class LifecycleService {

    static final String START = "start";
    static final String STOP = "stop";
    static final String RESTART = "restart";
    static final String STATUS = "status";

    private final Database db;
    private final ToolRepository repository;
    private final Supervisor supervisor;
    private final SqlOutbox outbox;
    private final Leases leases;
    private final OwnerForwarder forwarder;
    private final Handover handover;

    public LifecycleService(Database db, ToolRepository repository, Supervisor supervisor, SqlOutbox outbox,
            Leases leases, OwnerForwarder forwarder, Handover handover) {
        this.db = db;
        this.repository = repository;
        this.supervisor = supervisor;
        this.outbox = outbox;
        this.leases = leases;
        this.forwarder = forwarder;
        this.handover = handover;
    }

    public Uni<ToolStatus> start(String idOrName, Caller caller) {
        return command(idOrName, caller, "tool.start", true, START);
    }

    public Uni<ToolStatus> stop(String idOrName, Caller caller) {
        return command(idOrName, caller, "tool.stop", false, STOP);
    }

    public Uni<ToolStatus> restart(String idOrName, Caller caller) {
        return command(idOrName, caller, "tool.restart", true, RESTART);
    }

    /** The status as the tool's owner sees it; the last recorded state when no instance runs it. */
    public Uni<ToolStatus> status(Tool tool) {
        if (supervisor.owns(tool.id)) {
            return Uni.createFrom().item(supervisor.status(tool));
        }
        return leases.lease(tool.id).chain(lease -> lease != null && lease.live()
                && !lease.owner().equals(leases.instanceId())
                ? forwarder.forward(lease.ownerBridgeBase(), lease.owner(), tool.id, STATUS)
                        .onFailure().recoverWithItem(() -> supervisor.recordedStatus(tool))
                : Uni.createFrom().item(supervisor.recordedStatus(tool)));
    }

    public Uni<ToolStatus> status(String idOrName) {
        return repository.findByIdOrName(db.client(), idOrName).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("No tool " + idOrName + ".")).chain(this::status);
    }

    /**
     * A start, stop, restart or status forwarded by another instance: done here if this instance holds the tool or
     * can acquire it; 409 if a third instance took it meanwhile (never forwarded on, so requests cannot loop). A
     * {@code prepare} is a stopping owner asking this instance to get a process ready for the handover.
     */
    public Uni<ToolStatus> asOwner(String id, String action) {
        return repository.findByIdOrName(db.client(), id).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("No tool " + id + "."))
                .chain(tool -> STATUS.equals(action) ? Uni.createFrom().item(supervisor.status(tool))
                        : Handover.PREPARE.equals(action) ? Uni.createFrom().item(() -> handover.prepare(tool))
                        : leases.lease(tool.id).chain(lease -> {
                            if (lease != null && lease.live() && !lease.heldBy(leases.instanceId())) {
                                throw ProblemException.conflict("Tool " + tool.name + " moved to instance "
                                        + lease.owner() + " meanwhile; try again.");
                            }
                            return here(tool, action, lease, false);
                        }));
    }

    private Uni<ToolStatus> command(String idOrName, Caller caller, String audit, boolean shouldRun, String action) {
        return db.inTransaction(connection -> repository.findByIdOrName(connection, idOrName).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("No tool " + idOrName + "."))
                .call(tool -> {
                    if (shouldRun && !tool.enabled) {
                        throw ProblemException.conflict("Tool " + tool.name + " is disabled; enable it first.");
                    }
                    return repository.setDesiredRunning(connection, tool.id, shouldRun);
                })
                .call(tool -> outbox.enqueue(connection, ToolService.audit(caller, audit, tool, Map.of()))))
                .chain(tool -> leases.lease(tool.id).chain(lease -> {
                    if (lease != null && lease.live() && !lease.heldBy(leases.instanceId())) {
                        return forwarder.forward(lease.ownerBridgeBase(), lease.owner(), tool.id, action);
                    }
                    return here(tool, action, lease, true);
                }));
    }

    /**
     * Done by this instance, under its lease (acquired now if nobody holds the tool). Another instance's round may
     * take the tool between the look and the acquisition (the operator's wish was just committed): a request that
     * came from a user then goes to that owner; one forwarded by another instance is never forwarded on.
     */
    private Uni<ToolStatus> here(Tool tool, String action, Leases.Lease lease, boolean mayForward) {
        Uni<Long> fence = lease != null && lease.heldBy(leases.instanceId())
                ? Uni.createFrom().item(lease.generation()) : leases.acquire(tool.id);
        return fence.chain(generation -> {
            if (generation != null) {
                return Uni.createFrom().item(switch (action) {
                    case START -> supervisor.start(tool, generation);
                    case RESTART -> supervisor.restart(tool, generation);
                    default -> supervisor.stop(tool, generation);
                });
            }
            return (mayForward ? leases.lease(tool.id) : Uni.createFrom().<Leases.Lease>nullItem()).map(owner -> {
                if (owner == null || !owner.live() || owner.heldBy(leases.instanceId())) {
                    throw ProblemException.conflict("Tool " + tool.name + " was taken by another instance "
                            + "meanwhile; try again.");
                }
                return owner;
            }).chain(owner -> forwarder.forward(owner.ownerBridgeBase(), owner.owner(), tool.id, action));
        });
    }
}
