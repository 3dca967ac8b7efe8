package one.mcps.proxy.downstream;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;

import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.errors.ProblemType;
import one.mcps.platform.errors.RouteProblems;
import one.mcps.platform.http.RouteOrder;
import one.mcps.platform.mcp.McpResources;
import one.mcps.platform.security.Caller;
import one.mcps.platform.security.VerifiedTokens;
import one.mcps.proxy.catalog.Access;
import one.mcps.proxy.config.ProxyConfig;

/**
 * What every MCP route checks before reading a message: the endpoints are open, a browser's Origin is allowed
 * ({@link OriginRule}), and the caller authenticated (JWT or API key, through the
 * platform's mechanisms) with a role that may use MCP, presenting a credential meant for this resource (an OAuth
 * token is bound to one, RFC 8707). A refusal for want of a credential points the client to the resource's OAuth
 * metadata ({@link McpResources#challenge}). A JWT verified before is taken from {@link VerifiedTokens}
 * (still refused once expired or revoked) instead of being parsed and its signature checked on every message. The
 * MCP routes sit ahead of Quarkus's authentication filter ({@link RouteOrder#SELF_AUTHENTICATED}), so a caller not
 * remembered is authenticated here, by the same mechanisms, only when needed.
 */
@ApplicationScoped
public class RouteGuard {

    private final EndpointSwitch endpoints;
    private final HttpAuthenticator authenticator;
    private final VerifiedTokens tokens;
    private final OriginRule origins;
    private final RouteProblems problems;
    private final McpResources resources;

    public RouteGuard(EndpointSwitch endpoints, HttpAuthenticator authenticator, VerifiedTokens tokens,
            ProxyConfig config, RouteProblems problems, McpResources resources) {
        this.endpoints = endpoints;
        this.resources = resources;
        this.problems = problems;
        this.authenticator = authenticator;
        this.tokens = tokens;
        this.origins = new OriginRule(config.http());
    }

    public Uni<Caller> admit(RoutingContext ctx) {
        if (!endpoints.isOpen()) {
            return Uni.createFrom().failure(ProblemException.unavailable(
                    "The MCP endpoints are stopped; an administrator can start them again."));
        }
        String origin = ctx.request().getHeader("Origin");
        if (origin != null && !origins.allows(origin, ctx.request())) {
            return Uni.createFrom().failure(ProblemException.forbidden("Origin " + origin + " is not allowed."));
        }
        String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        McpResources.Resource resource = resources.ofRequestPath(ctx.normalizedPath());
        Caller known = tokens.lookup(authorization);
        Uni<Caller> verified = known != null ? Uni.createFrom().item(known)
                : authenticator.attemptAuthentication(ctx)
                        .onFailure().transform(e -> unauthorized(resource, authorization != null))
                        .map(identity -> identity == null ? null : tokens.remember(authorization, identity));
        return verified
                .map(caller -> {
                    if (caller == null || caller.isAnonymous()) {
                        throw unauthorized(resource, authorization != null);
                    }
                    if (resource != null && !caller.mayPresentTo(resource.uri())) {
                        throw new ProblemException(ProblemType.UNAUTHORIZED,
                                "The access token was issued for another resource than " + resource.uri() + ".",
                                List.of(), Map.of("WWW-Authenticate", resources.challenge(resource, "invalid_token",
                                        "the token's audience is another resource")));
                    }
                    if (!Access.mayConnect(caller)) {
                        throw ProblemException.forbidden("This account has no role that may use MCP.");
                    }
                    return caller;
                });
    }

    private ProblemException unauthorized(McpResources.Resource resource, boolean presented) {
        String detail = "A bearer token or API key is required to use the MCP endpoints.";
        if (resource == null) {
            return new ProblemException(ProblemType.UNAUTHORIZED, detail);
        }
        return new ProblemException(ProblemType.UNAUTHORIZED, detail, List.of(), Map.of("WWW-Authenticate",
                resources.challenge(resource, presented ? "invalid_token" : null, null)));
    }

    /** A single-server endpoint of a server that does not run, or that the caller may not use: the same answer. */
    public static ProblemException noSuchServer(String server) {
        return ProblemException.notFound("No running MCP server " + server + " that you may use.");
    }

    /** Answers a refused request with its problem. */
    public void refuse(RoutingContext ctx, Throwable failure) {
        if (failure instanceof ProblemException problem) {
            problems.send(ctx, problem.type(), problem.getMessage(), problem.headers());
        } else {
            problems.send(ctx, ProblemType.INTERNAL, "The request could not be completed.");
        }
    }
}
