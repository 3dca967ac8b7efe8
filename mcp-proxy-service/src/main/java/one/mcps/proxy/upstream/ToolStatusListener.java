package one.mcps.proxy.upstream;

import java.util.Set;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import one.mcps.platform.events.EventReader;
import one.mcps.platform.events.ToolStatusChanged;

/**
 * Follows {@code mcps.tool.status}. A tool that became running makes the proxy ask tool-service for its current
 * definition (the event does not carry the URL or roles); one that stopped leaves the catalog. Both reactions are
 * idempotent, so a redelivered event needs no de-duplication.
 */
@ApplicationScoped
public class ToolStatusListener {

    private static final Logger LOG = Logger.getLogger(ToolStatusListener.class);
    private static final String RUNNING = "running";
    private static final Set<String> GONE = Set.of("stopped", "stopping", "failed");

    private final EventReader reader;
    private final UpstreamManager upstreams;

    public ToolStatusListener(EventReader reader, UpstreamManager upstreams) {
        this.reader = reader;
        this.upstreams = upstreams;
    }

    @Incoming("tool-status")
    public CompletionStage<Void> onStatus(Message<String> message) {
        try {
            ToolStatusChanged event = reader.read(message.getPayload(), ToolStatusChanged.class);
            if (RUNNING.equals(event.state())) {
                upstreams.synchronize();
            } else if (GONE.contains(event.state())) {
                upstreams.toolGone(event.tool());
            }
        } catch (IllegalArgumentException e) {
            LOG.warnf("Skipping an unreadable tool status event: %s", e.getMessage());
        }
        return message.ack();
    }
}
