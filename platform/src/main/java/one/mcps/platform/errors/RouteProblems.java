package one.mcps.platform.errors;

import java.util.Map;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * The one writer of problem+json on Vert.x routes, which the REST mappers ({@link ProblemMappers}) never see: the
 * gateway's own refusals (upstream down or slow, missing token, rate limit, maintenance), mcp-proxy's MCP routes,
 * tool-service's bridge and the routes nobody serves.
 */
@Singleton
public class RouteProblems {

    private final ObjectMapper mapper;

    public RouteProblems(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The body of a problem located at {@code path} for the request {@code requestId}. */
    public Buffer body(ProblemType type, String detail, String path, String requestId) {
        Problem problem = new Problem(type.uri(), type.title(), type.status(), detail, path, requestId, null);
        try {
            return Buffer.buffer(mapper.writeValueAsBytes(problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem body cannot be written", e);
        }
    }

    public Future<Void> send(RoutingContext ctx, ProblemType type, String detail) {
        return send(ctx, type, detail, Map.of());
    }

    /** Ends the exchange with the problem, unless a response already started; completes once it is written. */
    public Future<Void> send(RoutingContext ctx, ProblemType type, String detail, Map<String, String> headers) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            return Future.succeededFuture();
        }
        String requestId = ctx.request().getHeader(ProblemResponses.REQUEST_ID_HEADER);
        response.setStatusCode(type.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        headers.forEach(response::putHeader);
        if (type == ProblemType.UNAUTHORIZED && !response.headers().contains("WWW-Authenticate")) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        return response.end(body(type, detail, ctx.normalizedPath(), requestId));
    }
}
