package one.mcps.tools.lifecycle;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import one.mcps.platform.events.ToolStatusChanged;
import one.mcps.platform.outbox.OutboxRelay;
import one.mcps.platform.outbox.SqlOutbox;
import one.mcps.tools.db.Database;
import one.mcps.tools.ownership.Leases;
import one.mcps.tools.registry.ToolRepository;

/**
 * Records each state change of a tool: its row's {@code state} (and what the server said at initialize) and a
 * {@code ToolStatusChanged} in the outbox, in one transaction, only while this instance still holds the tool's
 * lease at the generation the change was made under: a paused owner that lost the tool writes nothing. Changes of
 * one tool are written strictly one after the other, so their events keep their order on the topic; a write that
 * fails is tried again with a growing delay (mcp-proxy learns where tools are from these events) and only given
 * up, with an ERROR, after {@code status-write-attempts}. The supervisor calls this from any thread and never
 * waits for it.
 */
@ApplicationScoped
public class StatusWriter {

    private static final Logger LOG = Logger.getLogger(StatusWriter.class);

    private final Database db;
    private final ToolRepository repository;
    private final Leases leases;
    private final SqlOutbox outbox;
    private final OutboxRelay relay;
    private final int attempts;
    private final Duration backoff;
    private final Map<UUID, Serial> serials = new ConcurrentHashMap<>();

    public StatusWriter(Database db, ToolRepository repository, Leases leases, SqlOutbox outbox, OutboxRelay relay,
            SupervisorConfig config) {
        this.db = db;
        this.repository = repository;
        this.leases = leases;
        this.outbox = outbox;
        this.relay = relay;
        this.attempts = config.statusWriteAttempts();
        this.backoff = config.statusWriteBackoff();
    }

    public void write(UUID toolId, long generation, ToolStatusChanged event, JsonNode serverInfo,
            JsonNode capabilities) {
        serials.computeIfAbsent(toolId, id -> new Serial()).submit(() -> db.inTransaction(
                connection -> leases.holdsForWrite(connection, toolId, generation)
                        .chain(holds -> holds ? Uni.createFrom().item(true) : repository.exists(connection, toolId)
                                .map(exists -> !exists))
                        .chain(record -> {
                            if (!record) {
                                LOG.infof("Tool %s: not recording %s, this instance no longer holds lease "
                                        + "generation %d", event.tool(), event.state(), generation);
                                return Uni.createFrom().voidItem();
                            }
                            // a deleted tool's lease went with it; its stop is still announced
                            return repository.setState(connection, toolId, event.state(), serverInfo, capabilities)
                                    .chain(() -> outbox.enqueue(connection, event));
                        }))
                .onFailure().retry().withBackOff(backoff, backoff.multipliedBy(16)).atMost(attempts - 1L)
                .onFailure().invoke(failure -> LOG.errorf("Tool %s: state %s not recorded after %d attempts: %s",
                        event.tool(), event.state(), attempts, failure.getMessage())));
    }

    /** Whether every change handed in so far is written (or given up); for a graceful stop. */
    public boolean idle() {
        return serials.values().stream().allMatch(Serial::idle);
    }

    /** Runs Unis one at a time, each started when the previous one ended. */
    private final class Serial {
        private final ConcurrentLinkedQueue<Supplier<Uni<Void>>> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean busy = new AtomicBoolean();

        void submit(Supplier<Uni<Void>> work) {
            queue.add(work);
            next();
        }

        boolean idle() {
            return !busy.get() && queue.isEmpty();
        }

        private void next() {
            if (!busy.compareAndSet(false, true)) {
                return;
            }
            Supplier<Uni<Void>> work = queue.poll();
            if (work == null) {
                busy.set(false);
                if (!queue.isEmpty()) {
                    next();
                }
                return;
            }
            // the failure was logged by the retry above; the next change of the tool still goes in order
            Uni.createFrom().deferred(work::get).subscribe().with(ok -> done(), failure -> done());
        }

        private void done() {
            relay.drain();
            busy.set(false);
            next();
        }
    }
}
