package one.mcps.proxy.downstream;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.errors.ProblemType;
import one.mcps.platform.security.Caller;
import one.mcps.proxy.catalog.Access;
import one.mcps.proxy.config.ProxyConfig;

/**
 * What every MCP route checks before reading a message: the endpoints are open, a browser's Origin is allowed
 * (DNS-rebinding protection, as the spec requires), and the caller authenticated (JWT or API key, through the
 * platform's mechanisms) with a role that may use MCP.
 */
@ApplicationScoped
public class RouteGuard {

    private final EndpointSwitch endpoints;
    private final IdentityProviderManager identities;
    private final List<String> allowedOrigins;

    public RouteGuard(EndpointSwitch endpoints, IdentityProviderManager identities, ProxyConfig config) {
        this.endpoints = endpoints;
        this.identities = identities;
        this.allowedOrigins = config.http().allowedOrigins().orElse(List.of());
    }

    public Uni<Caller> admit(RoutingContext ctx) {
        if (!endpoints.isOpen()) {
            return Uni.createFrom().failure(ProblemException.unavailable(
                    "The MCP endpoints are stopped; an administrator can start them again."));
        }
        String origin = ctx.request().getHeader("Origin");
        if (origin != null && !allowedOrigins.contains(origin)) {
            return Uni.createFrom().failure(ProblemException.forbidden("Origin " + origin + " is not allowed."));
        }
        return QuarkusHttpUser.getSecurityIdentity(ctx, identities)
                .onFailure().transform(e -> unauthorized())
                .map(identity -> {
                    Caller caller = Caller.of(identity);
                    if (caller.isAnonymous()) {
                        throw unauthorized();
                    }
                    if (!Access.mayConnect(caller)) {
                        throw ProblemException.forbidden("This account has no role that may use MCP.");
                    }
                    return caller;
                });
    }

    private static ProblemException unauthorized() {
        return new ProblemException(ProblemType.UNAUTHORIZED,
                "A bearer token or API key is required to use the MCP endpoints.");
    }

    /** Answers a refused request with its problem. */
    public static void refuse(RoutingContext ctx, Throwable failure) {
        if (failure instanceof ProblemException problem) {
            HttpReplies.problem(ctx, problem.type(), problem.getMessage());
        } else {
            HttpReplies.problem(ctx, ProblemType.INTERNAL, "The request could not be completed.");
        }
    }
}
