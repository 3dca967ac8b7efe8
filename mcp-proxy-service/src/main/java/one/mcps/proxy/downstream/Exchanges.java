package one.mcps.proxy.downstream;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.json.JsonObject;
import one.mcps.proxy.jsonrpc.JsonRpc;
import one.mcps.proxy.sessions.McpSession;
import one.mcps.proxy.sessions.MessageLog;

/**
 * Runs the messages of a session, whatever transport carried them: a request is tracked while in flight (so
 * {@code notifications/cancelled} and a closed session can stop it), and both directions enter the session's
 * message history.
 */
@ApplicationScoped
public class Exchanges {

    private final McpDispatcher dispatcher;
    private final ClientRequests clientRequests;

    public Exchanges(McpDispatcher dispatcher, ClientRequests clientRequests) {
        this.dispatcher = dispatcher;
        this.clientRequests = clientRequests;
    }

    /** A notification, or a client's response to a request we forwarded from an upstream. */
    public void accept(McpSession session, JsonObject message) {
        session.touch();
        log(session, MessageLog.IN, message);
        if (JsonRpc.isNotification(message)) {
            dispatcher.notify(session, message);
        } else if (JsonRpc.isResponse(message)) {
            clientRequests.answer(message);
        }
    }

    /** A request; {@code reply} gets its response unless it was cancelled. */
    public Cancellable request(McpSession session, JsonObject request, Channel channel, long bytes,
            Consumer<JsonObject> reply) {
        session.touch();
        log(session, MessageLog.IN, request);
        Object id = request.getValue("id");
        AtomicBoolean done = new AtomicBoolean();
        Cancellable running = dispatcher.request(session, request, channel, bytes).subscribe().with(response -> {
            done.set(true);
            session.inFlight().remove(id);
            session.touch();
            log(session, MessageLog.OUT, response);
            reply.accept(response);
        });
        if (!done.get()) {
            session.inFlight().put(id, running);
            // It may have finished between the check and the put; then nothing else would remove it.
            if (done.get()) {
                session.inFlight().remove(id);
            }
        }
        return running;
    }

    private static void log(McpSession session, String direction, JsonObject message) {
        if (session.messages().enabled()) {
            session.messages().add(direction, message.getString("method"), message.getValue("id"), message.encode());
        }
    }
}
