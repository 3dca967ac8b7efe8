package one.mcps.observability.live;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.mutiny.core.Vertx;
import one.mcps.observability.logs.LogEntry;
import one.mcps.observability.logs.LogFilter;
import one.mcps.observability.logs.LogRepository;
import one.mcps.platform.events.Revocation;
import one.mcps.platform.security.CredentialWatch;
import one.mcps.platform.security.RevocationRegistry;

/**
 * The connected live clients; an event is serialized once and queued for every client that subscribed to it. A
 * client's socket lives no longer than its credential: it is closed (1008, "token revoked", "api key revoked",
 * "token expired", "api key expired") as soon as a revocation naming its token, its user or its API key reaches
 * this instance, and when the credential expires (platform {@link CredentialWatch}, as for mcp-proxy's streams).
 */
@ApplicationScoped
public class LiveHub {

    static final int POLICY_VIOLATION = 1008;
    static final int GOING_AWAY = 1001;
    private static final Logger LOG = Logger.getLogger(LiveHub.class);

    private final Map<String, LiveClient> clients = new ConcurrentHashMap<>();
    private final ObjectMapper mapper;
    private final int bufferSize;
    private final Vertx vertx;
    private final CredentialWatch credentials;
    private final LiveAuthenticator authenticator;
    private final LogRepository logs;
    private final Duration resumeSettle;
    private final int resumeMaxLines;

    public LiveHub(ObjectMapper mapper, @ConfigProperty(name = "mcps.live.buffer-size") int bufferSize, Vertx vertx,
            RevocationRegistry revocations, CredentialWatch credentials, LiveAuthenticator authenticator,
            LogRepository logs,
            @ConfigProperty(name = "mcps.live.resume.settle") Duration resumeSettle,
            @ConfigProperty(name = "mcps.live.resume.max-lines") int resumeMaxLines) {
        this.mapper = mapper;
        this.bufferSize = bufferSize;
        this.vertx = vertx;
        this.credentials = credentials;
        this.authenticator = authenticator;
        this.logs = logs;
        this.resumeSettle = resumeSettle;
        this.resumeMaxLines = resumeMaxLines;
        revocations.onRevocation(this::revoked);
    }

    LiveClient connect(WebSocketConnection connection) {
        return clients.computeIfAbsent(connection.id(), id -> new LiveClient(connection, bufferSize));
    }

    LiveClient client(WebSocketConnection connection) {
        return clients.get(connection.id());
    }

    void disconnect(WebSocketConnection connection) {
        LiveClient client = clients.remove(connection.id());
        if (client != null) {
            client.end();
        }
    }

    /** Lets the client receive events with this credential until it is revoked or expires. */
    void authenticated(LiveClient client, LiveCredential credential) {
        client.authenticate(credential, credentials.watch(credential.caller(), reason -> end(client, reason)));
    }

    /**
     * An API key whose owner was revoked (disabled, deleted) may or may not end with it: identity-service decides,
     * asked again once the verifier has forgotten the owner's keys. Called by the revocation registry for each
     * revocation this instance learns of (on the consumer's thread).
     */
    private void revoked(Revocation revocation) {
        for (LiveClient client : clients.values()) {
            LiveCredential credential = client.credential();
            if (credential != null && credential.ownerRevokedBy(revocation)) {
                // The verifier forgets the owner's keys in a listener of its own; ask again once all have run.
                vertx.runOnContext(() -> authenticator.authenticate(credential.token()).subscribe().with(
                        still -> {
                            if (still.isEmpty() && client.credential() == credential) {
                                end(client, "api key revoked");
                            }
                        },
                        failure -> LOG.warnf("Could not re-check a live client's API key: %s", failure.getMessage())));
            }
        }
    }

    /** Stops deliveries at once, tells the client why, and closes its socket with 1008 and the reason. */
    void end(LiveClient client, String reason) {
        client.end();
        WebSocketConnection connection = client.connection();
        if (!connection.isOpen()) {
            return;
        }
        LOG.debugf("Closing live connection %s: %s", connection.id(), reason);
        connection.sendText(json(Map.of("type", "error", "detail", "Closing: " + reason + ".")))
                .onItemOrFailure().transformToUni((ok, failure) -> connection.close(
                        new CloseReason(POLICY_VIOLATION, reason)))
                .subscribe().with(ok -> {
                }, failure -> LOG.debugf("Live connection %s was gone already: %s", connection.id(),
                        failure.getMessage()));
    }

    /**
     * Replays the log lines a reconnecting client missed (it was on an instance that died, or lost its network),
     * from {@code since} (the time of the last line it saw, whose event id {@code lastEventId} is not sent again),
     * then lets the live lines flow. The client's live lines are held meanwhile. The replay waits
     * {@code mcps.live.resume.settle} first: a line produced just before the subscription was already streamed by
     * this instance (to nobody) but may not be stored yet; once ingestion has stored it, the replay has it. Lines
     * in both the replay and the held live lines are sent once.
     */
    void resume(LiveClient client, LogFilter filter, Instant since, String lastEventId) {
        client.hold();
        vertx.setTimer(resumeSettle.toMillis(), id -> logs.since(filter, since, resumeMaxLines + 1).subscribe()
                .with(entries -> {
                    boolean complete = entries.size() <= resumeMaxLines;
                    List<String> replay = new ArrayList<>();
                    Set<String> ids = new HashSet<>();
                    for (LogEntry entry : complete ? entries : entries.subList(0, resumeMaxLines)) {
                        ids.add(entry.eventId());
                        if (!entry.eventId().equals(lastEventId)) {
                            replay.add(json(new LiveEvent(LiveEvent.LOGS, entry, entry)));
                        }
                    }
                    client.resume(replay, ids, json(resumed(replay.size(), complete, null)));
                }, failure -> {
                    LOG.warnf("Could not replay the missed log lines of a live client: %s", failure.getMessage());
                    client.resume(List.of(), Set.of(), json(resumed(0, false, "The missed lines could not be read; "
                            + "GET /api/v1/logs has them.")));
                }));
    }

    /** {@code complete} false: more lines were missed than one replay sends; the logs API has the rest. */
    private static Map<String, Object> resumed(int replayed, boolean complete, String detail) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "resumed");
        message.put("channel", LiveEvent.LOGS);
        message.put("replayed", replayed);
        message.put("complete", complete);
        if (detail != null) {
            message.put("detail", detail);
        }
        return message;
    }

    /**
     * Shutdown began (readiness is DOWN, the balancer stops sending new clients): every live client is told to go
     * elsewhere (1001 going away) now, rather than being cut when the process exits; it reconnects to another
     * instance and resumes. An open socket would also hold the HTTP drain until its timeout.
     */
    void goingAway(@Observes ShutdownDelayInitiatedEvent event) {
        for (LiveClient client : clients.values()) {
            client.end();
            WebSocketConnection connection = client.connection();
            if (connection.isOpen()) {
                connection.close(new CloseReason(GOING_AWAY, "server stopping")).subscribe().with(ok -> {
                }, failure -> LOG.debugf("Live connection %s was gone already: %s", connection.id(),
                        failure.getMessage()));
            }
        }
    }

    /** Whether any authenticated client is connected: with none, nothing is worth mapping for the live stream. */
    public boolean listening() {
        for (LiveClient client : clients.values()) {
            if (client.authenticated()) {
                return true;
            }
        }
        return false;
    }

    public void publish(LiveEvent event) {
        String json = null;
        for (LiveClient client : clients.values()) {
            if (client.authenticated() && client.wants(event)) {
                if (json == null) {
                    json = json(event);
                }
                client.offer(event, json);
            }
        }
    }

    String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not serializable as JSON", e);
        }
    }

    String json(LiveEvent event) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "event");
        message.put("channel", event.channel());
        message.put("data", event.data());
        return json(message);
    }
}
