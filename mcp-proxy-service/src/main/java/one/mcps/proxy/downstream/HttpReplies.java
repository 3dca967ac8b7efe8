package one.mcps.proxy.downstream;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import one.mcps.platform.errors.Problem;
import one.mcps.platform.errors.ProblemResponses;
import one.mcps.platform.errors.ProblemType;

/** Writes the HTTP answers of the MCP routes: JSON-RPC bodies, and RFC 9457 problems for HTTP-level refusals. */
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

    public static void problem(RoutingContext ctx, ProblemType type, String detail) {
        if (ctx.response().ended()) {
            return;
        }
        JsonObject body = new JsonObject().put("type", type.uri()).put("title", type.title())
                .put("status", type.status()).put("detail", detail).put("instance", ctx.normalizedPath());
        String requestId = ctx.request().getHeader(ProblemResponses.REQUEST_ID_HEADER);
        if (requestId != null) {
            body.put("request_id", requestId);
        }
        if (type.status() == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
        }
        ctx.response().setStatusCode(type.status()).putHeader("Content-Type", Problem.MEDIA_TYPE).end(body.toBuffer());
    }
}
