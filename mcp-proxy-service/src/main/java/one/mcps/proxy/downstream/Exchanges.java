package one.mcps.proxy.downstream;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.json.JsonObject;
import one.mcps.platform.security.Caller;
import one.mcps.proxy.jsonrpc.JsonRpc;
import one.mcps.proxy.sessions.McpSession;
import one.mcps.proxy.sessions.MessageLog;
import one.mcps.platform.mcp.McpErrorCodes;

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
            clientRequests.answer(session.id(), message);
        }
    }

    /**
     * A request of {@code caller}, the one authenticated on the HTTP request that carried it (its authority decides,
     * not the session's opener's); {@code reply} gets its response. When it is given up before that — the client
     * cancelled it, hung up, or its session ended — the work stops (upstream too) and {@code abandoned} runs instead,
     * so the transport can end the exchange the client is holding open.
     */
    public Cancellable request(McpSession session, Caller caller, JsonObject request, Channel channel, long bytes,
            Consumer<JsonObject> reply, Runnable abandoned) {
        session.touch();
        log(session, MessageLog.IN, request);
        Object id = request.getValue("id");
        AtomicBoolean done = new AtomicBoolean();
        Uni<JsonObject> answer = dispatcher.request(session, caller, request, channel, bytes);
        Cancellable running = answer.subscribe().with(response -> {
            if (done.compareAndSet(false, true)) {
                session.inFlight().remove(id);
                session.touch();
                log(session, MessageLog.OUT, response);
                reply.accept(response);
            }
        });
        Cancellable stop = () -> {
            if (done.compareAndSet(false, true)) {
                running.cancel();
                session.inFlight().remove(id);
                abandoned.run();
            }
        };
        if (!done.get()) {
            session.inFlight().put(id, stop);
            // It may have finished between the check and the put; then nothing else would remove it.
            if (done.get()) {
                session.inFlight().remove(id);
            }
        }
        return stop;
    }

    /** For a transport that must end a request's HTTP exchange somehow: the JSON-RPC error that says why. */
    public static JsonObject cancelled(JsonObject request) {
        return JsonRpc.error(request.getValue("id"), McpErrorCodes.REQUEST_CANCELLED, "Request cancelled.");
    }

    private static void log(McpSession session, String direction, JsonObject message) {
        if (session.messages().enabled()) {
            session.messages().add(direction, message.getString("method"), message.getValue("id"), message.encode());
        }
    }
}
