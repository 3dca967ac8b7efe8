package one.mcps.proxy.downstream.inputs;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import one.mcps.proxy.catalog.Catalog;
import one.mcps.proxy.config.ProxyConfig;
import one.mcps.proxy.downstream.CallContext;
import one.mcps.proxy.downstream.RoutedCalls;
import one.mcps.proxy.jsonrpc.JsonRpc;
import one.mcps.proxy.jsonrpc.McpRpcException;

/**
 * Multi round-trip requests (2026-07-28) over upstreams of either generation: a stateless client's
 * {@code tools/call}, {@code prompts/get} or {@code resources/read} whose upstream asks its client something during
 * the request is answered with an {@code InputRequiredResult}; the client's retry with {@code inputResponses} and
 * the {@code requestState} continues the same upstream request ({@link PendingCall}). The waiting calls live in this
 * instance's memory; the state names which one and is signed ({@link RequestStates}), so a changed, replayed or
 * foreign state is refused with -32602, and each round is authorized again like a new request.
 */
@ApplicationScoped
public class InputRequiredCalls implements PendingCall.Rounds {

    /** The requests of this revision that may end a round with an InputRequiredResult. */
    public static final Set<String> METHODS = Set.of(RoutedCalls.TOOLS_CALL, RoutedCalls.PROMPTS_GET,
            RoutedCalls.RESOURCES_READ);
    public static final String INPUT_REQUIRED = "input_required";

    private final Map<String, PendingCall> calls = new ConcurrentHashMap<>();
    private final RequestStates states;
    private final Catalog catalog;
    private final Vertx vertx;
    private final ProxyConfig.InputRequired config;

    public InputRequiredCalls(RequestStates states, Catalog catalog, Vertx vertx, ProxyConfig config) {
        this.states = states;
        this.catalog = catalog;
        this.vertx = vertx;
        this.config = config.inputRequired();
    }

    /**
     * A request of {@link #METHODS}: a new one (run through {@code dispatch}, with this call as the client that
     * answers the upstream), or with a {@code requestState} the next round of one that waits here. The Uni gives the
     * whole JSON-RPC response, never a failure. {@code capabilities} are the client's, from this request's envelope.
     */
    public Uni<JsonObject> serve(CallContext context, JsonObject message, Set<String> capabilities,
            Function<CallContext, Uni<JsonObject>> dispatch) {
        Object id = message.getValue("id");
        JsonObject params = message.getValue("params") instanceof JsonObject p ? p : new JsonObject();
        String method = message.getString("method");
        try {
            if (params.getValue("requestState") != null) {
                return resume(context, id, method, params);
            }
            PendingCall call = new PendingCall(UUID.randomUUID().toString(), context.caller().userId(), method,
                    nameOf(method, params), capabilities, vertx, config.gather(), config.hold(), this);
            calls.put(call.id, call);
            CallContext routed = context.withChannel(call.channel).withInput(call::ask);
            return call.nextRound(id, context.channel(), null,
                    () -> call.running(dispatch.apply(routed).subscribe().with(call::finish)));
        } catch (McpRpcException e) {
            return Uni.createFrom().item(JsonRpc.error(id, e.code(), e.getMessage()));
        }
    }

    /**
     * The address of the instance that holds the call a request continues, when that is another instance: the
     * request's state is valid and names one, and the request was not forwarded here already. Anything else is
     * served here (and refused here if it must be).
     */
    public Optional<String> heldElsewhere(JsonObject message, boolean forwarded) {
        JsonObject params = message.getValue("params") instanceof JsonObject p ? p : null;
        Object state = params == null ? null : params.getValue("requestState");
        if (state == null || forwarded) {
            return Optional.empty();
        }
        try {
            RequestStates.Claims claims = states.verify(state);
            return calls.containsKey(claims.call()) || config.instanceUrl().equals(claims.holder())
                    ? Optional.empty() : Optional.ofNullable(claims.holder());
        } catch (McpRpcException invalid) {
            return Optional.empty();
        }
    }

    private Uni<JsonObject> resume(CallContext context, Object id, String method, JsonObject params) {
        RequestStates.Claims claims = states.verify(params.getValue("requestState"));
        String name = nameOf(method, params);
        if (!claims.user().equals(context.caller().userId())) {
            throw McpRpcException.invalidParams("Invalid requestState: it was issued to another user.");
        }
        if (!claims.method().equals(method) || !Objects.equals(claims.name(), name)) {
            throw McpRpcException.invalidParams("Invalid requestState: it continues " + claims.method() + " of "
                    + claims.name() + ", not this request.");
        }
        PendingCall call = calls.get(claims.call());
        if (call == null) {
            throw McpRpcException.invalidParams("Invalid requestState: its request no longer waits (answered, given "
                    + "up after " + config.hold().toSeconds() + " s without a retry, or its proxy instance stopped); "
                    + "call again without requestState and inputResponses.");
        }
        if (call.round() != claims.round()) {
            throw McpRpcException.invalidParams("Invalid requestState: a later round of this request was already "
                    + "answered; retry with the latest requestState.");
        }
        if (!visible(context, method, name)) {
            call.abandon();
            throw McpRpcException.invalidParams("Unknown " + (RoutedCalls.RESOURCES_READ.equals(method) ? "resource"
                    : RoutedCalls.PROMPTS_GET.equals(method) ? "prompt" : "tool") + ": " + name);
        }
        Object responses = params.getValue("inputResponses");
        if (responses != null && !(responses instanceof JsonObject)) {
            throw McpRpcException.invalidParams("Invalid params: inputResponses must be an object.");
        }
        return call.nextRound(id, context.channel(), (JsonObject) responses, null);
    }

    /** Every round is authorized like a new request: a caller who may no longer use the tool gets no more of it. */
    private boolean visible(CallContext context, String method, String name) {
        return switch (method) {
            case RoutedCalls.TOOLS_CALL -> catalog.tool(context.caller(), context.scope(), name).isPresent();
            case RoutedCalls.PROMPTS_GET -> catalog.prompt(context.caller(), context.scope(), name).isPresent();
            default -> catalog.uri(context.caller(), context.scope(), name).isPresent();
        };
    }

    private static String nameOf(String method, JsonObject params) {
        return params.getValue(RoutedCalls.RESOURCES_READ.equals(method) ? "uri" : "name") instanceof String s ? s
                : null;
    }

    @Override
    public JsonObject inputRequired(PendingCall call, int round, JsonObject inputs) {
        return new JsonObject().put("resultType", INPUT_REQUIRED).put("inputRequests", inputs)
                .put("requestState", states.sign(new RequestStates.Claims(call.id, round, call.user, call.method,
                        call.name, config.instanceUrl())));
    }

    @Override
    public void ended(PendingCall call) {
        calls.remove(call.id, call);
    }
}
