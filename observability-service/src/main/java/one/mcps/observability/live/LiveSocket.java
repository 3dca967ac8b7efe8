package one.mcps.observability.live;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.mutiny.core.Vertx;
import one.mcps.observability.logs.LogFilter;

/**
 * {@code /api/v1/ws}: the live stream. A client authenticates with a bearer header on the upgrade or with a first
 * message {@code {"type":"auth","token":"..."}}, then sends {@code {"type":"subscribe","channel":"logs",
 * "filters":{...}}} for {@code tool-status}, {@code logs}, {@code alerts} or {@code tasks}; events arrive as
 * {@code {"type":"event","channel":...,"data":...}}; a client that reconnects passes where it was ({@code resume})
 * and gets the log lines it missed first. The socket is closed (1008) when its credential is revoked or
 * expires ({@link LiveHub}). Handlers return void, so they run on a worker thread (token
 * parsing may fetch the JWKS) and may wait for their reply to be written before closing a refused connection.
 */
@WebSocket(path = "/api/v1/ws")
public class LiveSocket {

    private static final Set<String> CHANNELS = Set.of(LiveEvent.TOOL_STATUS, LiveEvent.LOGS, LiveEvent.ALERTS,
            LiveEvent.TASKS);

    private final LiveHub hub;
    private final LiveAuthenticator authenticator;
    private final ObjectMapper mapper;
    private final Vertx vertx;
    private final Duration authTimeout;

    public LiveSocket(LiveHub hub, LiveAuthenticator authenticator, ObjectMapper mapper, Vertx vertx,
            @ConfigProperty(name = "mcps.live.auth-timeout") Duration authTimeout) {
        this.hub = hub;
        this.authenticator = authenticator;
        this.mapper = mapper;
        this.vertx = vertx;
        this.authTimeout = authTimeout;
    }

    @OnOpen
    public void onOpen(WebSocketConnection connection) {
        LiveClient client = hub.connect(connection);
        String header = connection.handshakeRequest().header("Authorization");
        if (header != null) {
            var credential = check(header);
            if (credential.isEmpty()) {
                refuse(connection, "The bearer token is not valid.");
                return;
            }
            hub.authenticated(client, credential.get());
            if (client.authenticated()) {
                reply(connection, "welcome", "authenticated", true);
            }
            return;
        }
        vertx.setTimer(authTimeout.toMillis(), id -> {
            if (!client.authenticated() && connection.isOpen()) {
                connection.close(new CloseReason(LiveHub.POLICY_VIOLATION, "authentication timeout")).subscribe()
                        .with(v -> {
                        });
            }
        });
        reply(connection, "welcome", "authenticated", false);
    }

    @OnTextMessage
    public void onMessage(String text, WebSocketConnection connection) {
        LiveClient client = hub.client(connection);
        JsonNode message;
        try {
            message = mapper.readTree(text);
        } catch (Exception e) {
            reply(connection, "error", "detail", "Messages are JSON objects with a type.");
            return;
        }
        String type = message.path("type").asText("");
        if ("auth".equals(type)) {
            var credential = check(message.path("token").asText(null));
            if (credential.isEmpty()) {
                refuse(connection, "The token is not valid.");
                return;
            }
            hub.authenticated(client, credential.get());
            if (client.authenticated()) {
                reply(connection, "authenticated", "user", credential.get().caller().username());
            }
            return;
        }
        if (!client.authenticated()) {
            reply(connection, "error", "detail", "Authenticate first: {\"type\":\"auth\",\"token\":\"...\"}.");
            return;
        }
        String channel = message.path("channel").asText("");
        switch (type) {
            case "subscribe" -> subscribe(connection, client, channel, message.path("filters"), message.path("resume"));
            case "unsubscribe" -> {
                client.unsubscribe(channel);
                reply(connection, "unsubscribed", "channel", channel);
            }
            case "ping" -> reply(connection, "pong", "at", Instant.now().toString());
            default -> reply(connection, "error", "detail", "Unknown message type '" + type + "'.");
        }
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        hub.disconnect(connection);
    }

    /**
     * {@code resume} ({@code logs} only): {@code {"time": <time of the last line seen>, "event_id": <its id>}} from a
     * client that reconnects; the lines it missed since are replayed before the live ones.
     */
    private void subscribe(WebSocketConnection connection, LiveClient client, String channel, JsonNode filters,
            JsonNode resume) {
        if (!CHANNELS.contains(channel)) {
            reply(connection, "error", "detail", "Unknown channel '" + channel + "'; one of " + CHANNELS + ".");
            return;
        }
        boolean resuming = resume.isObject();
        if (resuming && !LiveEvent.LOGS.equals(channel)) {
            reply(connection, "error", "detail", "Only the logs channel resumes.");
            return;
        }
        LogFilter filter;
        Instant since;
        try {
            filter = filter(filters);
            since = resuming ? time(resume, "time") : null;
        } catch (DateTimeParseException e) {
            reply(connection, "error", "detail", "from, to and resume.time are ISO-8601 times.");
            return;
        }
        if (resuming && since == null) {
            reply(connection, "error", "detail", "resume.time is the time of the last line seen.");
            return;
        }
        if (resuming) {
            hub.resume(client, filter, since, text(resume, "event_id"));
        }
        client.subscribe(channel, filter);
        reply(connection, "subscribed", "channel", channel);
    }

    private static LogFilter filter(JsonNode f) {
        return new LogFilter(upper(text(f, "level")), text(f, "category"), text(f, "source"), text(f, "tool"),
                text(f, "user"), text(f, "session"), time(f, "from"), time(f, "to"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    private static String upper(String value) {
        return value == null ? null : value.toUpperCase();
    }

    private static Instant time(JsonNode node, String field) {
        String value = text(node, field);
        return value == null ? null : OffsetDateTime.parse(value).toInstant();
    }

    /** Waits on this worker thread; a check that takes longer than the auth timeout (identity slow) refuses. */
    private Optional<LiveCredential> check(String token) {
        return authenticator.authenticate(token).ifNoItem().after(authTimeout).recoverWithItem(Optional.empty())
                .await().indefinitely();
    }

    private void reply(WebSocketConnection connection, String type, String key, Object value) {
        connection.sendTextAndAwait(hub.json(Map.of("type", type, key, value)));
    }

    /** Says why, then closes: the reply is written before the close frame. */
    private void refuse(WebSocketConnection connection, String detail) {
        reply(connection, "error", "detail", detail);
        connection.closeAndAwait(new CloseReason(LiveHub.POLICY_VIOLATION, "invalid token"));
    }
}
