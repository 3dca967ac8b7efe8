package one.mcps.gateway.ratelimit;

import java.util.Map;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import one.mcps.gateway.auth.EdgePrincipal;
import one.mcps.gateway.routing.ContentLength;
import one.mcps.platform.errors.ProblemType;
import one.mcps.platform.errors.RouteProblems;

/**
 * Rate-limits MCP traffic per {@code tools/call}, not per HTTP request: every POST on the route is read whole (up to
 * {@link #maxBodyBytes()}) and its tools/call messages counted as they arrive, a batch counting each; everything else
 * on the route (GET streams, DELETE) is not counted. A POST body the gateway cannot count is refused, never
 * forwarded uncounted: over the limit (declared or, for a chunked body, as it arrives) 413, not JSON the proxy reads
 * alike ({@link ToolCallCounter}) 400, MCP standard headers that disagree with the body ({@link McpHeaderCheck}) 400
 * with JSON-RPC -32020, before anything is charged. Clients send MCP messages with a known length (the official SDKs do) and
 * JSON-RPC messages are small, so neither refusal meets a well-behaved client.
 */
@Singleton
public class ToolCallLimit {

    private static final Logger LOG = Logger.getLogger(ToolCallLimit.class);

    private final RateLimiter limiter;
    private final RouteProblems problems;
    private final long maxBodyBytes;

    public ToolCallLimit(RateLimiter limiter, RouteProblems problems, RateLimitConfig config) {
        this.limiter = limiter;
        this.problems = problems;
        this.maxBodyBytes = config.mcpMaxBodySize().asLongValue();
    }

    /** True for a request whose body is counted: a POST. */
    public boolean counts(HttpServerRequest request) {
        return request.method() == HttpMethod.POST;
    }

    /** The largest MCP POST body read, counted and forwarded. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * Reads the (paused) request's body, counting its tools/call messages as it arrives, and charges them to the
     * caller; the decision's headers are on the response. {@code admitted} gets the whole body when the request may
     * go on; otherwise the refusal is answered here (413, 400 or 429 problem+json) and {@code admitted} never runs.
     */
    public void admit(RoutingContext ctx, EdgePrincipal principal, Handler<Buffer> admitted) {
        new Reading(ctx, principal, admitted).start();
    }

    private static String refusal(RateDecision decision) {
        return "Too many MCP tool calls: " + decision.limit() + " per minute are allowed.";
    }

    /** One body on its way in. */
    private final class Reading {

        private final RoutingContext ctx;
        private final EdgePrincipal principal;
        private final Handler<Buffer> admitted;
        private final HttpServerRequest request;
        private final ToolCallCounter counter = new ToolCallCounter();
        private final Buffer body;
        private boolean over;

        Reading(RoutingContext ctx, EdgePrincipal principal, Handler<Buffer> admitted) {
            this.ctx = ctx;
            this.principal = principal;
            this.admitted = admitted;
            this.request = ctx.request();
            long declared = ContentLength.of(request);
            this.body = Buffer.buffer((int) Math.min(Math.max(declared, 0), maxBodyBytes));
        }

        void start() {
            request.handler(this::chunk);
            request.endHandler(v -> end());
            // The client hung up or broke the request: there is nobody to answer.
            request.exceptionHandler(e -> over = true);
            request.resume();
        }

        private void chunk(Buffer chunk) {
            if (over) {
                return;
            }
            if (body.length() + chunk.length() > maxBodyBytes) {
                refuseMidBody(ProblemType.PAYLOAD_TOO_LARGE,
                        "An MCP message body is limited to " + maxBodyBytes + " bytes.");
                return;
            }
            body.appendBuffer(chunk);
            try {
                counter.feed(chunk);
            } catch (ToolCallCounter.Malformed e) {
                refuseMidBody(ProblemType.MALFORMED_JSON, malformed(e));
            }
        }

        private void end() {
            if (over) {
                return;
            }
            over = true;
            int calls;
            try {
                calls = counter.finish();
            } catch (ToolCallCounter.Malformed e) {
                problems.send(ctx, ProblemType.MALFORMED_JSON, malformed(e), Map.of());
                return;
            }
            JsonObject mismatch = McpHeaderCheck.mismatch(request.headers(), counter);
            if (mismatch != null) {
                ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                        .end(mismatch.toBuffer());
                return;
            }
            RateDecision decision = limiter.toolCalls(principal, calls);
            decision.headers().forEach(ctx.response()::putHeader);
            if (decision.allowed()) {
                admitted.handle(body);
            } else {
                problems.send(ctx, ProblemType.RATE_LIMITED, refusal(decision), Map.of());
            }
        }

        /**
         * The rest of the body is not read: the answer goes out now and the connection is closed after it, as the
         * unread remainder would otherwise be taken for the next request on it.
         */
        private void refuseMidBody(ProblemType type, String detail) {
            over = true;
            request.pause();
            problems.send(ctx, type, detail, Map.of("Connection", "close"))
                    .onComplete(sent -> request.connection().close());
        }

        private String malformed(ToolCallCounter.Malformed e) {
            LOG.debugf("Malformed MCP message from %s: %s", principal.name(), e.getMessage());
            return "The body is not a JSON-RPC message in strict JSON (no comments, no duplicate names, one value, "
                    + "UTF-8): " + e.getMessage();
        }
    }
}
