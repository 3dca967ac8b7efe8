package one.mcps.gateway.ratelimit;

import java.io.IOException;
import java.util.Map;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import one.mcps.gateway.auth.EdgePrincipal;
import one.mcps.gateway.routing.ContentLength;
import one.mcps.gateway.routing.GatewayProblems;
import one.mcps.platform.errors.Problem;
import one.mcps.platform.errors.ProblemType;

/**
 * Rate-limits MCP traffic per {@code tools/call}, not per HTTP request: a POST whose body is small enough
 * ({@link #countsMessages}) is read whole by the forwarding and its tools/call messages counted, a batch counting
 * each; a larger or chunked body counts as one call without being held. Everything else on the route (initialize,
 * tools/list, the GET stream) is not counted.
 */
@Singleton
public class ToolCallLimit {

    private static final Logger LOG = Logger.getLogger(ToolCallLimit.class);
    private static final String TOOLS_CALL = "tools/call";

    private final RateLimiter limiter;
    private final GatewayProblems problems;
    private final ObjectMapper mapper;
    private final long peekLimit;

    public ToolCallLimit(RateLimiter limiter, GatewayProblems problems, ObjectMapper mapper, RateLimitConfig config) {
        this.limiter = limiter;
        this.problems = problems;
        this.mapper = mapper;
        this.peekLimit = config.toolCallPeekLimit().asLongValue();
    }

    /** True for a POST whose body has a length within the peek limit: its messages are read and counted. */
    public boolean countsMessages(HttpServerRequest request) {
        if (request.method() != HttpMethod.POST) {
            return false;
        }
        long length = ContentLength.of(request);
        return length != ContentLength.UNKNOWN && length <= peekLimit;
    }

    /**
     * Counts the tools/call messages of a body read whole and charges them to the caller; the decision's headers
     * are on the response, and a refusal is answered here (429 problem+json). True when the request may go on.
     */
    public boolean admit(RoutingContext ctx, EdgePrincipal principal, Buffer body) {
        RateDecision decision = limiter.toolCalls(principal, countToolCalls(body));
        decision.headers().forEach(ctx.response()::putHeader);
        if (!decision.allowed()) {
            problems.send(ctx, ProblemType.RATE_LIMITED, refusal(decision), Map.of());
        }
        return decision.allowed();
    }

    /** For a request forwarded with its body streamed: a POST with a body counts as one call, others as none. */
    public ProxyInterceptor interceptor(EdgePrincipal principal, String requestId) {
        return new ProxyInterceptor() {
            @Override
            public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
                if (context.request().getMethod() != HttpMethod.POST || context.request().getBody() == null) {
                    return context.sendRequest();
                }
                return admitStreamed(context, principal, requestId);
            }
        };
    }

    private Future<ProxyResponse> admitStreamed(ProxyContext context, EdgePrincipal principal, String requestId) {
        RateDecision decision = limiter.toolCalls(principal, 1);
        decision.headers().forEach(context.request().proxiedRequest().response()::putHeader);
        if (decision.allowed()) {
            return context.sendRequest();
        }
        ProxyResponse refused = context.request().release().response()
                .setStatusCode(ProblemType.RATE_LIMITED.status())
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .setBody(Body.body(problems.body(ProblemType.RATE_LIMITED, refusal(decision),
                        context.request().proxiedRequest().path(), requestId)));
        return Future.succeededFuture(refused);
    }

    private static String refusal(RateDecision decision) {
        return "Too many MCP tool calls: " + decision.limit() + " per minute are allowed.";
    }

    /**
     * Counts with Jackson's streaming parser rather than a tree: every message on the MCP route passes here, and
     * only one field per message matters, so nothing else is built (the whole tree was 5 % of the gateway's CPU).
     */
    int countToolCalls(Buffer body) {
        try (JsonParser parser = mapper.getFactory().createParser(body.getBytes())) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_OBJECT) {
                return isToolCall(parser) ? 1 : 0;
            }
            int calls = 0;
            if (first == JsonToken.START_ARRAY) {
                for (JsonToken t = parser.nextToken(); t != null && t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    if (t == JsonToken.START_OBJECT) {
                        calls += isToolCall(parser) ? 1 : 0;
                    } else {
                        parser.skipChildren();
                    }
                }
            }
            return calls;
        } catch (IOException e) {
            // Not JSON: the MCP server rejects it, and nothing it cannot parse calls a tool.
            LOG.debugf("Unparseable MCP message: %s", e.getMessage());
            return 0;
        }
    }

    /** Reads one message object (the parser is on its START_OBJECT) to its end; true if its method is tools/call. */
    private static boolean isToolCall(JsonParser parser) throws IOException {
        boolean toolCall = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("method".equals(field) && value == JsonToken.VALUE_STRING) {
                toolCall = TOOLS_CALL.equals(parser.getText());
            } else {
                parser.skipChildren();
            }
        }
        return toolCall;
    }
}
