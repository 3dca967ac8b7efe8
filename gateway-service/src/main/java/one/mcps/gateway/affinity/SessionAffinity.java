package one.mcps.gateway.affinity;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Singleton;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import one.mcps.gateway.routing.Route;
import one.mcps.gateway.routing.Upstream;

/**
 * Picks the instance of an upstream for a request. Without affinity (or with one instance) it rotates over the
 * instances. With affinity, a request carrying {@code Mcp-Session-Id} (or the legacy {@code sessionId} query
 * parameter) goes to the instance that created the session: the gateway learns that instance from the response to
 * the {@code initialize} that created the session, and for an id it has not seen (another gateway instance created
 * it, or this one restarted) it falls back to a consistent-hash ring on the id, which every gateway instance agrees
 * on and which moves few ids when an instance is added.
 */
@Singleton
public class SessionAffinity {

    public static final String SESSION_HEADER = "Mcp-Session-Id";
    private static final String LEGACY_SESSION_PARAM = "sessionId";

    private final Cache<String, Upstream.Instance> sessions;
    private final int pointsPerInstance;
    private final Map<Upstream, HashRing<Upstream.Instance>> rings = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();

    public SessionAffinity(AffinityConfig config) {
        this.sessions = Caffeine.newBuilder().expireAfterAccess(config.sessionIdle())
                .maximumSize(config.maxSessions()).build();
        this.pointsPerInstance = config.pointsPerInstance();
    }

    public Upstream.Instance select(Route route, HttpServerRequest request) {
        List<Upstream.Instance> instances = route.upstream().instances();
        if (instances.size() == 1) {
            return instances.get(0);
        }
        String session = route.sessionAffinity() ? sessionOf(request) : null;
        if (session == null) {
            return instances.get(Math.floorMod(next.getAndIncrement(), instances.size()));
        }
        Upstream.Instance known = sessions.getIfPresent(session);
        return known != null ? known
                : rings.computeIfAbsent(route.upstream(), u -> new HashRing<>(u.instances(), pointsPerInstance))
                        .owner(session);
    }

    /**
     * Learns from an answered request which instance owns a session: the one whose response created it (an MCP
     * {@code initialize} answered with a new {@code Mcp-Session-Id}); a session its client deleted is forgotten.
     */
    public void learn(HttpServerRequest request, Upstream.Instance instance, int status, String createdSession) {
        String requested = sessionOf(request);
        if (requested == null && createdSession != null) {
            sessions.put(createdSession, instance);
        } else if (requested != null && request.method() == HttpMethod.DELETE && status < 300) {
            sessions.invalidate(requested);
        }
    }

    public static String sessionOf(HttpServerRequest request) {
        String header = request.getHeader(SESSION_HEADER);
        return header != null ? header : request.getParam(LEGACY_SESSION_PARAM);
    }
}
