package one.mcps.proxy.downstream;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/** Writes the HTTP answers of the MCP routes that are not problems (those go through platform RouteProblems). */
public final class HttpReplies {

    private HttpReplies() {
    }

    /** Nothing is written to a response already ended or whose client hung up (a cancelled request's, say). */
    public static void json(RoutingContext ctx, int status, Buffer body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }

    public static void accepted(RoutingContext ctx) {
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(202).end();
        }
    }
}
