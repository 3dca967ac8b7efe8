package one.mcps.gateway.pages;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import one.mcps.platform.http.RouteOrder;

/**
 * Puts {@code X-Content-Type-Options: nosniff}, the Content-Security-Policy and the Referrer-Policy on every response
 * under the page paths ({@link PagesConfig#paths()}: the docs now, login and consent when they come), whoever then
 * answers: the gateway's own pages, Quarkus's Swagger UI assets, a 404. One handler per prefix rather than a check
 * on every request, so the MCP path pays nothing for it.
 */
@ApplicationScoped
public class PageHeaders {

    /** Ahead of the pages themselves ({@link one.mcps.gateway.docs.DocsPages}) and of the gateway's edge. */
    public static final int ORDER = RouteOrder.SELF_AUTHENTICATED - 2;

    private final PagesConfig config;

    public PageHeaders(PagesConfig config) {
        this.config = config;
    }

    void register(@Observes Router router) {
        for (String prefix : config.paths()) {
            router.route(prefix).order(ORDER).handler(this::add);
            router.route(prefix + "/*").order(ORDER).handler(this::add);
        }
    }

    private void add(RoutingContext ctx) {
        MultiMap headers = ctx.response().headers();
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Content-Security-Policy", config.contentSecurityPolicy());
        headers.set("Referrer-Policy", config.referrerPolicy());
        ctx.next();
    }
}
