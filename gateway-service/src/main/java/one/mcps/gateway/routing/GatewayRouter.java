package one.mcps.gateway.routing;

import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import one.mcps.gateway.access.RequestObserver;
import one.mcps.gateway.admin.MaintenanceMode;
import one.mcps.gateway.auth.EdgeAuthenticationException;
import one.mcps.gateway.auth.EdgeAuthenticator;
import one.mcps.gateway.auth.EdgePrincipal;
import one.mcps.gateway.ratelimit.RateDecision;
import one.mcps.gateway.ratelimit.RateLimiter;
import one.mcps.gateway.ratelimit.ToolCallLimit;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.errors.ProblemResponses;
import one.mcps.platform.errors.ProblemType;
import one.mcps.platform.http.RouteOrder;
import one.mcps.platform.mcp.McpResources;
import one.mcps.platform.errors.RouteProblems;

/**
 * The gateway's front handler on the Vert.x router: a path owned by a route is checked at the edge (request id,
 * body size, credential, maintenance, rate limit) and forwarded; any other path (the gateway's own API, /q/*, docs,
 * and /internal/**, which is never forwarded) falls through to the rest of the router. The beans it reaches per
 * request are {@code @Singleton}: an {@code @ApplicationScoped} bean is called through a client proxy that looks its
 * instance up on every call, about 6 % of the gateway's CPU per MCP call.
 */
@ApplicationScoped
public class GatewayRouter {

    private static final String X_FORWARDED_FOR = "X-Forwarded-For";
    private static final String WEBSOCKET = "websocket";
    private static final String WWW_AUTHENTICATE = "WWW-Authenticate";

    private final RouteTable table;
    private final EdgeAuthenticator authenticator;
    private final MaintenanceMode maintenance;
    private final RateLimiter rateLimiter;
    private final UpstreamProxy proxy;
    private final RouteProblems problems;
    private final RequestObserver observer;
    private final ToolCallLimit toolCallLimit;
    private final McpResources resources;

    public GatewayRouter(RouteTable table, EdgeAuthenticator authenticator, MaintenanceMode maintenance,
            RateLimiter rateLimiter, UpstreamProxy proxy, RouteProblems problems, RequestObserver observer,
            ToolCallLimit toolCallLimit, McpResources resources) {
        this.resources = resources;
        this.table = table;
        this.authenticator = authenticator;
        this.maintenance = maintenance;
        this.rateLimiter = rateLimiter;
        this.proxy = proxy;
        this.problems = problems;
        this.observer = observer;
        this.toolCallLimit = toolCallLimit;
    }

    /** Paths no route owns continue through Quarkus's own authentication and authorization. */
    void register(@Observes Router router) {
        router.route().order(RouteOrder.SELF_AUTHENTICATED).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        Route route = table.match(ctx.normalizedPath());
        if (route == null) {
            ctx.next();
            return;
        }
        HttpServerRequest request = ctx.request();
        request.pause();
        String requestId = RequestIds.ensure(request);
        ctx.response().putHeader(ProblemResponses.REQUEST_ID_HEADER, requestId);
        observer.observe(ctx, route.name(), requestId);
        long maxBody = maxBodyBytes(request, route);
        if (ContentLength.of(request) > maxBody) {
            problems.send(ctx, ProblemType.PAYLOAD_TOO_LARGE,
                    "The request body is larger than " + maxBody + " bytes.", Map.of());
            return;
        }
        String client = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        authenticator.authenticate(request, client).onComplete(result -> {
            if (result.failed() && result.cause() instanceof ProblemException problem) {
                problems.send(ctx, problem.type(), problem.getMessage(), problem.headers());
                return;
            }
            if (result.failed()) {
                String detail = result.cause() instanceof EdgeAuthenticationException ? result.cause().getMessage()
                        : "The bearer token could not be checked.";
                problems.send(ctx, ProblemType.UNAUTHORIZED, detail, challenge(ctx, route, request));
                return;
            }
            if (route.protectedResource() && !resourceAdmits(ctx, result.result())) {
                return;
            }
            admit(ctx, route, result.result(), requestId, client);
        });
    }

    /**
     * An MCP endpoint refused for want of a credential points the client to its OAuth metadata (RFC 9728 §5.1);
     * with a credential that did not pass, the challenge says {@code invalid_token}.
     */
    private Map<String, String> challenge(RoutingContext ctx, Route route, HttpServerRequest request) {
        McpResources.Resource resource = route.protectedResource() ? resources.ofRequestPath(ctx.normalizedPath())
                : null;
        if (resource == null) {
            return Map.of();
        }
        boolean presented = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
        return Map.of(WWW_AUTHENTICATE, resources.challenge(resource, presented ? "invalid_token" : null, null));
    }

    /**
     * An OAuth access token is for the MCP resource it was issued for (RFC 8707) and, on one server's endpoint,
     * needs that server's scope: a token for another resource is 401 {@code invalid_token}, one without the scope
     * 403 {@code insufficient_scope} naming the scope to ask for (step-up). Other credentials pass to mcp-proxy's
     * own checks, which apply the same rule.
     */
    private boolean resourceAdmits(RoutingContext ctx, EdgePrincipal principal) {
        McpResources.Resource resource = resources.ofRequestPath(ctx.normalizedPath());
        if (resource == null || principal.audience() == null) {
            return true;
        }
        if (!principal.audience().contains(resource.uri())) {
            problems.send(ctx, ProblemType.UNAUTHORIZED,
                    "The access token was issued for another resource than " + resource.uri() + ".",
                    Map.of(WWW_AUTHENTICATE, resources.challenge(resource, "invalid_token",
                            "the token's audience is another resource")));
            return false;
        }
        if (resource.server() != null && principal.servers() != null
                && !principal.servers().contains(resource.server())) {
            problems.send(ctx, ProblemType.FORBIDDEN,
                    "The access token lacks the scope " + resource.scope() + " this server needs.",
                    Map.of(WWW_AUTHENTICATE, resources.challenge(resource, "insufficient_scope",
                            "the scope " + resource.scope() + " is needed")));
            return false;
        }
        return true;
    }

    private void admit(RoutingContext ctx, Route route, EdgePrincipal principal, String requestId, String client) {
        ctx.put(RequestObserver.PRINCIPAL, principal);
        MaintenanceMode.State down = maintenance.current();
        if (down != null && !principal.isAdmin()) {
            problems.send(ctx, ProblemType.UNAVAILABLE, "MCPS.ONE is under maintenance: " + down.reason(),
                    Map.of("Retry-After", Long.toString(down.retryAfterS())));
            return;
        }
        if (!route.countToolCalls()) {
            RateDecision decision = rateLimiter.request(principal);
            decision.headers().forEach(ctx.response()::putHeader);
            if (!decision.allowed()) {
                problems.send(ctx, ProblemType.RATE_LIMITED,
                        "Too many requests: " + decision.limit() + " per minute are allowed.", Map.of());
                return;
            }
        }
        forwardedHeaders(ctx.request(), client);
        continueIfExpected(ctx);
        proxy.forward(ctx, route, principal, requestId);
    }

    /**
     * A client that sent {@code Expect: 100-continue} waits for a go-ahead before its body (curl for a second). The
     * gateway gives it once the request passed the edge, so a refused request never has its body sent, and answers
     * the expectation itself rather than forwarding it.
     */
    private static void continueIfExpected(RoutingContext ctx) {
        String expect = ctx.request().getHeader(HttpHeaders.EXPECT);
        if (expect != null && HttpHeaders.CONTINUE.toString().equalsIgnoreCase(expect.trim())) {
            ctx.request().headers().remove(HttpHeaders.EXPECT);
            ctx.response().writeContinue();
        }
    }

    /** An MCP POST is read whole to count its tool calls, so its limit is the (smaller) one for that. */
    private long maxBodyBytes(HttpServerRequest request, Route route) {
        return route.countToolCalls() && toolCallLimit.counts(request)
                ? Math.min(route.maxBodyBytes(), toolCallLimit.maxBodyBytes()) : route.maxBodyBytes();
    }

    /**
     * X-Forwarded-For/Proto/Host for the upstream; hop-by-hop headers (and those named by Connection) stay here,
     * except on a WebSocket upgrade, which the proxy library tunnels and needs them for. Any other upgrade (an h2c
     * attempt, as java.net.http makes) is for this hop only. The gateway is the edge: what a caller claims in
     * X-Forwarded-For is replaced by its address (which Quarkus takes from a trusted proxy in front when
     * {@code quarkus.http.proxy.*} says there is one).
     */
    private static void forwardedHeaders(HttpServerRequest request, String client) {
        MultiMap headers = request.headers();
        headers.set(X_FORWARDED_FOR, client);
        headers.set("X-Forwarded-Proto", request.scheme());
        if (request.authority() != null) {
            headers.set("X-Forwarded-Host", request.authority().toString());
        }
        String upgrade = headers.get(HttpHeaders.UPGRADE);
        if (upgrade == null || !upgrade.toLowerCase(Locale.ROOT).contains(WEBSOCKET)) {
            EndToEndHeaders.removeHopByHop(headers);
        }
    }
}
