package one.mcps.proxy.downstream.inputs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import one.mcps.proxy.downstream.Channel;
import one.mcps.proxy.jsonrpc.JsonRpc;
import one.mcps.proxy.jsonrpc.McpRpcException;
import one.mcps.platform.mcp.McpErrorCodes;

/**
 * One request of a stateless (2026-07-28) client that a stateful upstream answers with requests of its own
 * (elicitation, sampling, roots): the upstream request stays open here while the client answers them, one HTTP
 * request — one round — at a time. A round ends with the upstream's response, or with an InputRequiredResult naming
 * what the upstream asks meanwhile (gathered for a moment, so that requests sent together are asked together). Each
 * input request is keyed by the upstream's own id for it, so the client's {@code inputResponses} go back as the
 * responses to exactly those ids. Every field is guarded by {@code this}; emitters are completed outside the lock.
 */
final class PendingCall {

    private record Input(String method, JsonObject params, UniEmitter<? super JsonObject> answer) {
    }

    /** Where the rounds go: the hooks {@link InputRequiredCalls} gives each call. */
    interface Rounds {
        /** The InputRequiredResult that ends round {@code round} with {@code inputs} (the state is signed there). */
        JsonObject inputRequired(PendingCall call, int round, JsonObject inputs);

        void ended(PendingCall call);
    }

    final String id;
    final String user;
    final String method;
    final String name;
    private final Set<String> capabilities;
    private final Vertx vertx;
    private final Duration gather;
    private final Duration hold;
    private final Rounds rounds;
    /** The channel of the round in progress: progress of the upstream call reaches the request now waiting. */
    final RoundChannel channel = new RoundChannel();

    private final Map<String, Input> outstanding = new LinkedHashMap<>();
    private int round;
    private UniEmitter<? super JsonObject> waiter;
    private Object requestId;
    private JsonObject finished;
    private Cancellable upstream;
    private boolean ended;
    private long gatherTimer = -1;
    private long holdTimer = -1;

    PendingCall(String id, String user, String method, String name, Set<String> capabilities, Vertx vertx,
            Duration gather, Duration hold, Rounds rounds) {
        this.id = id;
        this.user = user;
        this.method = method;
        this.name = name;
        this.capabilities = capabilities;
        this.vertx = vertx;
        this.gather = gather;
        this.hold = hold;
        this.rounds = rounds;
    }

    synchronized int round() {
        return round;
    }

    /** The upstream request, started by the first round; its response (never a failure) ends the call. */
    synchronized void running(Cancellable request) {
        if (ended) {
            request.cancel();
        } else {
            upstream = request;
        }
    }

    /**
     * What the upstream asks during the call: refused at once when the client did not declare the capability (the
     * client could never answer it), else kept until a round presents it and the client's retry answers it.
     */
    Uni<JsonObject> ask(Object upstreamId, String inputMethod, String capability, JsonObject params,
            Duration timeout) {
        if (!capabilities.contains(capability)) {
            return Uni.createFrom().failure(new McpRpcException(McpErrorCodes.METHOD_NOT_FOUND,
                    "The client did not declare the " + capability + " capability; " + inputMethod
                            + " cannot be asked."));
        }
        return Uni.createFrom().<JsonObject>emitter(answer -> {
            synchronized (this) {
                if (ended) {
                    answer.fail(gone());
                    return;
                }
                String key = keyFor(upstreamId);
                outstanding.put(key, new Input(inputMethod, params, answer));
                answer.onTermination(() -> forget(key, answer));
                gatherSoon();
            }
        }).ifNoItem().after(timeout).failWith(() -> new McpRpcException(McpErrorCodes.INTERNAL_ERROR,
                "The client did not answer " + inputMethod + " in time."));
    }

    /** The upstream's id names the input; an id already waiting (or none) gets a suffix that keeps keys apart. */
    private String keyFor(Object upstreamId) {
        String base = upstreamId == null ? "input" : upstreamId.toString();
        String key = base;
        for (int n = 2; outstanding.containsKey(key); n++) {
            key = base + "-" + n;
        }
        return key;
    }

    private synchronized void forget(String key, UniEmitter<? super JsonObject> answer) {
        Input input = outstanding.get(key);
        if (input != null && input.answer() == answer) {
            outstanding.remove(key);
        }
    }

    /**
     * A round: the Uni gives this round's JSON-RPC response; a client that hangs up gives up the whole call.
     * {@code inputResponses} answer what the last round presented; {@code waiting} runs once the round waits.
     */
    Uni<JsonObject> nextRound(Object roundRequestId, Channel roundChannel, JsonObject inputResponses,
            Runnable waiting) {
        return Uni.createFrom().<JsonObject>emitter(emitter -> {
            List<Runnable> after = new ArrayList<>();
            synchronized (this) {
                if (ended) {
                    emitter.fail(gone());
                    return;
                }
                if (waiter != null) {
                    emitter.fail(McpRpcException.invalidParams("Invalid requestState: another request is already "
                            + "continuing it."));
                    return;
                }
                emitter.onTermination(this::roundLeft);
                cancelTimers();
                waiter = emitter;
                requestId = roundRequestId;
                channel.target = roundChannel;
                if (inputResponses != null) {
                    for (String key : inputResponses.fieldNames()) {
                        Input input = outstanding.remove(key);
                        if (input != null && inputResponses.getValue(key) instanceof JsonObject response) {
                            after.add(() -> input.answer().complete(response));
                        } else if (input != null) {
                            outstanding.put(key, input);
                        }
                    }
                }
                if (finished != null) {
                    after.add(deliver(finished));
                } else if (!outstanding.isEmpty()) {
                    // What the client left unanswered is asked again, with whatever the upstream adds meanwhile.
                    gatherSoon();
                }
            }
            after.forEach(Runnable::run);
            if (waiting != null) {
                waiting.run();
            }
        });
    }

    /** The upstream's response: to the round waiting now, or kept for the retry that comes next. */
    void finish(JsonObject response) {
        Runnable delivery;
        synchronized (this) {
            if (ended) {
                return;
            }
            if (waiter == null) {
                finished = response;
                return;
            }
            delivery = deliver(response);
        }
        delivery.run();
    }

    /** Ends the call with {@code response} (called holding the lock; what it returns runs outside). */
    private Runnable deliver(JsonObject response) {
        UniEmitter<? super JsonObject> ending = waiter;
        Object answerId = requestId;
        waiter = null;
        List<Input> unanswered = endLocked();
        return () -> {
            failAll(unanswered);
            ending.complete(response.copy().put("id", answerId));
            rounds.ended(this);
        };
    }

    private void gatherSoon() {
        if (waiter != null && gatherTimer < 0) {
            gatherTimer = vertx.setTimer(Math.max(1, gather.toMillis()), t -> present());
        }
    }

    /** Ends the round with what the upstream asks now; the call then waits (up to the hold) for the retry. */
    private void present() {
        UniEmitter<? super JsonObject> ending;
        JsonObject response;
        synchronized (this) {
            gatherTimer = -1;
            if (ended || waiter == null || outstanding.isEmpty()) {
                return;
            }
            JsonObject inputs = new JsonObject();
            outstanding.forEach((key, input) -> inputs.put(key, new JsonObject().put("method", input.method())
                    .put("params", input.params())));
            round += 1;
            response = JsonRpc.result(requestId, rounds.inputRequired(this, round, inputs));
            ending = waiter;
            waiter = null;
            channel.target = null;
            holdTimer = vertx.setTimer(Math.max(1, hold.toMillis()), t -> abandon());
        }
        ending.complete(response);
    }

    /** A round that ended without an answer of ours (its client hung up) gives up the call, upstream too. */
    private void roundLeft() {
        boolean left;
        synchronized (this) {
            left = waiter != null && !ended;
        }
        if (left) {
            abandon();
        }
    }

    /** Gives up the call: its upstream request is cancelled and what it asked is answered with an error. */
    void abandon() {
        List<Input> unanswered;
        Cancellable request;
        synchronized (this) {
            if (ended) {
                return;
            }
            waiter = null;
            request = upstream;
            unanswered = endLocked();
        }
        failAll(unanswered);
        if (request != null) {
            request.cancel();
        }
        rounds.ended(this);
    }

    private List<Input> endLocked() {
        ended = true;
        cancelTimers();
        channel.target = null;
        List<Input> unanswered = new ArrayList<>(outstanding.values());
        outstanding.clear();
        return unanswered;
    }

    private void cancelTimers() {
        if (gatherTimer >= 0) {
            vertx.cancelTimer(gatherTimer);
            gatherTimer = -1;
        }
        if (holdTimer >= 0) {
            vertx.cancelTimer(holdTimer);
            holdTimer = -1;
        }
    }

    private static void failAll(List<Input> inputs) {
        inputs.forEach(input -> input.answer().fail(gone()));
    }

    private static McpRpcException gone() {
        return new McpRpcException(McpErrorCodes.INTERNAL_ERROR, "The client gave up the request before answering.");
    }

    /** Progress of the upstream call goes to the round in progress; between rounds there is nobody to tell. */
    static final class RoundChannel implements Channel {
        private volatile Channel target;

        @Override
        public boolean send(JsonObject message) {
            Channel current = target;
            return current != null && current.send(message);
        }
    }
}
