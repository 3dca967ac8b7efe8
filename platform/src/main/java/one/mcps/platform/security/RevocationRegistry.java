package one.mcps.platform.security;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import one.mcps.platform.events.EventReader;
import one.mcps.platform.events.Revocation;

/**
 * What identity-service has revoked, as announced on {@code mcps.identity.revocations}. Every instance of every
 * service reads the topic from its start with a group of its own (the topic keeps entries longer than an access
 * token lives), so a token revoked before this instance started is refused too. Looking a token up never calls
 * identity-service.
 */
@ApplicationScoped
public class RevocationRegistry {

    public static final String CHANNEL = "mcps-revocations";
    private static final Logger LOG = Logger.getLogger(RevocationRegistry.class);

    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, Instant> usersBefore = new ConcurrentHashMap<>();
    private final Map<String, Instant> apiKeys = new ConcurrentHashMap<>();
    private final Map<String, Instant> grants = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<Revocation>> listeners = new CopyOnWriteArrayList<>();
    private final EventReader reader;

    public RevocationRegistry(EventReader reader) {
        this.reader = reader;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onRevocation(Message<String> message) {
        try {
            apply(reader.read(message.getPayload(), Revocation.class));
        } catch (IllegalArgumentException e) {
            LOG.warnf("Ignoring an unreadable revocation event: %s", e.getMessage());
        }
        return Uni.createFrom().completionStage(message.ack());
    }

    /** Records a revocation; identity-service also calls this for its own, so it never waits for the broker. */
    public void apply(Revocation revocation) {
        Instant forgetAt = revocation.expiresAt() == null ? Instant.MAX : revocation.expiresAt();
        switch (revocation.kind()) {
            case Revocation.TOKEN -> tokens.put(revocation.jti(), forgetAt);
            case Revocation.USER -> usersBefore.merge(revocation.userId(), revocation.issuedBefore(),
                    (a, b) -> a.isAfter(b) ? a : b);
            case Revocation.API_KEY -> apiKeys.put(revocation.apiKeyId(), forgetAt);
            case Revocation.GRANT -> grants.put(revocation.grantId(), forgetAt);
            default -> LOG.warnf("Unknown revocation kind %s", revocation.kind());
        }
        listeners.forEach(l -> l.accept(revocation));
    }

    public boolean isTokenRevoked(String jti) {
        return jti != null && tokens.containsKey(jti);
    }

    /** True when every token of the user issued at or before {@code issuedAt} was revoked. */
    public boolean isUserRevoked(String userId, Instant issuedAt) {
        Instant before = userId == null ? null : usersBefore.get(userId);
        return before != null && !issuedAt.isAfter(before);
    }

    public boolean isApiKeyRevoked(String apiKeyId) {
        return apiKeyId != null && apiKeys.containsKey(apiKeyId);
    }

    public boolean isGrantRevoked(String grantId) {
        return grantId != null && grants.containsKey(grantId);
    }

    /** True when any revocation heard so far ends this credential (its token, user, API key or grant). */
    public boolean isRevoked(Credential credential) {
        return credential != null && (isTokenRevoked(credential.jti())
                || (!credential.isApiKey() && credential.issuedAt() != null
                        && isUserRevoked(credential.userId(), credential.issuedAt()))
                || isApiKeyRevoked(credential.apiKeyId()) || isGrantRevoked(credential.grantId()));
    }

    /** Called for every revocation, e.g. to evict a cache of API-key lookups. */
    public void onRevocation(Consumer<Revocation> listener) {
        listeners.add(listener);
    }

    @Scheduled(every = "${mcps.revocations.purge-interval:5m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetExpired() {
        Instant now = Instant.now();
        tokens.values().removeIf(now::isAfter);
        apiKeys.values().removeIf(now::isAfter);
        grants.values().removeIf(now::isAfter);
    }
}
