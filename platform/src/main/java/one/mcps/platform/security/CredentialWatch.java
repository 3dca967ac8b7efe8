package one.mcps.platform.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.Vertx;
import one.mcps.platform.events.Revocation;

/**
 * Ends what outlives the request that authenticated it (an MCP event stream, a listen request, a legacy SSE stream)
 * when its credential ends: at once when a revocation naming its token, user, API key or grant reaches this
 * instance, and when the credential expires. Requests are checked one by one as they come; this is the same rule for
 * the connections that stay open.
 */
@ApplicationScoped
public class CredentialWatch {

    /** Stops watching; what was watched is not ended. */
    @FunctionalInterface
    public interface Watching {
        void stop();
    }

    private record Watched(Credential credential, Consumer<String> end, long timer) {
    }

    private static final Watching NOTHING = () -> {
    };

    private final Map<Long, Watched> watched = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final RevocationRegistry revocations;
    private final Vertx vertx;

    public CredentialWatch(RevocationRegistry revocations, Vertx vertx) {
        this.revocations = revocations;
        this.vertx = vertx;
        revocations.onRevocation(this::revoked);
    }

    /**
     * Calls {@code end} with the reason once the caller's credential is revoked or expires (at most once, and at once
     * when that already happened). A caller without a credential is not watched.
     */
    public Watching watch(Caller caller, Consumer<String> end) {
        Credential credential = caller.credential();
        if (credential == null) {
            return NOTHING;
        }
        long id = ids.incrementAndGet();
        long timer = credential.expiresAt() == null ? -1
                : vertx.setTimer(Math.max(1, Duration.between(Instant.now(), credential.expiresAt()).toMillis()),
                        ignored -> fire(id, credential.isApiKey() ? "api key expired" : "token expired"));
        watched.put(id, new Watched(credential, end, timer));
        // A revocation heard between the request's check and this registration is caught here.
        if (revocations.isRevoked(credential)) {
            fire(id, "credential revoked");
        }
        return () -> forget(id);
    }

    private void revoked(Revocation revocation) {
        watched.forEach((id, w) -> {
            String reason = w.credential().revokedBy(revocation);
            if (reason != null) {
                fire(id, reason);
            }
        });
    }

    private void fire(long id, String reason) {
        Watched w = forget(id);
        if (w != null) {
            w.end().accept(reason);
        }
    }

    private Watched forget(long id) {
        Watched w = watched.remove(id);
        if (w != null && w.timer() >= 0) {
            vertx.cancelTimer(w.timer());
        }
        return w;
    }
}
