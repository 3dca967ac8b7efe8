package one.mcps.gateway.oauth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import one.mcps.platform.http.RouteOrder;

/**
 * CORS for anyone on the OAuth endpoints an MCP client running in a browser calls itself (metadata, registration,
 * token, revocation; {@code mcps.gateway.oauth.open-cors-paths}): they take no cookie and no ambient credential, so
 * any origin may read them ({@code Access-Control-Allow-Origin: *}, never with credentials), while the rest of the
 * platform keeps its list of allowed origins (Quarkus's filter, which this handler runs ahead of). The sign-in and
 * consent pages are not among them: they are navigations, protected by their CSRF cookie and token.
 */
@ApplicationScoped
public class OpenCors {

    private final OAuthConfig config;

    public OpenCors(OAuthConfig config) {
        this.config = config;
    }

    void register(@Observes Router router) {
        for (String path : config.openCorsPaths()) {
            router.route(path).order(RouteOrder.BEFORE_CORS).handler(this::handle);
        }
    }

    private void handle(RoutingContext ctx) {
        if (ctx.request().getHeader(HttpHeaders.ORIGIN) == null) {
            ctx.next();
            return;
        }
        if (ctx.request().method() == HttpMethod.OPTIONS
                && ctx.request().getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null) {
            ctx.response().setStatusCode(204)
                    .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                    .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST")
                    .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, config.openCorsHeaders())
                    .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, Long.toString(config.openCorsMaxAge().toSeconds()))
                    .end();
            return;
        }
        // Past this point the request is an ordinary one for every filter after: the list of allowed origins does
        // not apply here, and what it would add is replaced by the one header these endpoints need.
        ctx.request().headers().remove(HttpHeaders.ORIGIN);
        ctx.addHeadersEndHandler(ignored -> ctx.response().headers()
                .set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*"));
        ctx.next();
    }
}
