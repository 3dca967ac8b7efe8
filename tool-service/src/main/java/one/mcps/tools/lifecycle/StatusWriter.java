package one.mcps.tools.lifecycle;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import one.mcps.platform.events.ToolStatusChanged;
import one.mcps.platform.outbox.OutboxRelay;
import one.mcps.platform.outbox.SqlOutbox;
import one.mcps.tools.db.Database;
import one.mcps.tools.registry.ToolRepository;

/**
 * Records each state change of a tool: its row's {@code state} and a {@code ToolStatusChanged} in the outbox, in
 * one transaction. Changes of one tool are written strictly one after the other, so their events keep their
 * order on the topic; the supervisor calls this from any thread and never waits for it.
 */
@ApplicationScoped
public class StatusWriter {

    private static final Logger LOG = Logger.getLogger(StatusWriter.class);

    private final Database db;
    private final ToolRepository repository;
    private final SqlOutbox outbox;
    private final OutboxRelay relay;
    private final Map<UUID, Serial> serials = new ConcurrentHashMap<>();

    public StatusWriter(Database db, ToolRepository repository, SqlOutbox outbox, OutboxRelay relay) {
        this.db = db;
        this.repository = repository;
        this.outbox = outbox;
        this.relay = relay;
    }

    public void write(UUID toolId, ToolStatusChanged event) {
        serials.computeIfAbsent(toolId, id -> new Serial()).submit(() -> db.inTransaction(
                connection -> repository.setState(connection, toolId, event.state())
                        .chain(() -> outbox.enqueue(connection, event))));
    }

    public void forget(UUID toolId) {
        serials.remove(toolId);
    }

    /** Runs Unis one at a time, each started when the previous one ended. */
    private final class Serial {
        private final ConcurrentLinkedQueue<Supplier<Uni<Void>>> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean busy = new AtomicBoolean();

        void submit(Supplier<Uni<Void>> work) {
            queue.add(work);
            next();
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
            Uni.createFrom().deferred(work::get).subscribe().with(ok -> done(), failure -> {
                LOG.warnf("A tool status change was not recorded: %s", failure.getMessage());
                done();
            });
        }

        private void done() {
            relay.drain();
            busy.set(false);
            next();
        }
    }
}
