package one.mcps.tools.mcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import one.mcps.platform.mcp.McpErrorCodes;

/**
 * Many clients over one JSON-RPC connection (one stdio process). Each request gets an id unique on the connection,
 * and so does its progress token; the response and progress notifications are routed back to whoever sent it
 * with the caller's own id and token restored, so concurrent requests of different sessions never mix.
 * <p>
 * Written by hand rather than with the MCP Java SDK's client: the SDK's client session owns the id space and
 * answers server requests itself, while a bridge must pass arbitrary messages through with only ids rewritten,
 * at tens of thousands of messages a second, without a Reactor pipeline per message.
 */
public final class JsonRpcMux {

    private static final Logger LOG = Logger.getLogger(JsonRpcMux.class);

    /**
     * A request on the connection ({@code sent}: its bytes as written); its response goes to {@code onTree} (a
     * parsed tree) or {@code onBytes}.
     */
    private record Pending(Object owner, JsonNode originalId, String progressKey, byte[] sent,
            Consumer<ObjectNode> onTree, Consumer<byte[]> onBytes) {

        void answer(ObjectNode response) {
            if (onBytes != null) {
                onBytes.accept(serialize(response));
            } else {
                onTree.accept(response);
            }
        }
    }

    private record Progress(Object owner, JsonNode originalToken) {
    }

    private final String tool;
    private final LineChannel channel;
    private final UpstreamListener listener;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, Progress> progress = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public JsonRpcMux(String tool, LineChannel channel, UpstreamListener listener) {
        this.tool = tool;
        this.channel = channel;
        this.listener = listener;
    }

    /**
     * Sends {@code request} (its id and progress token are rewritten in place) and calls {@code onResponse} with
     * the response, ids restored, on the reader's thread. Returns the id on the connection, for
     * {@link #abandon} and cancellation.
     */
    public long call(ObjectNode request, Object owner, Consumer<ObjectNode> onResponse) {
        return send(request, owner, onResponse, null);
    }

    /**
     * Like {@link #call}, but the response comes as the bytes the server wrote with only the id replaced by the
     * request's own: what a bridge passes on needs no tree and no second serialization.
     */
    public long forward(ObjectNode request, Object owner, Consumer<byte[]> onResponse) {
        return send(request, owner, null, onResponse);
    }

    private long send(ObjectNode request, Object owner, Consumer<ObjectNode> onTree, Consumer<byte[]> onBytes) {
        long id = ids.incrementAndGet();
        JsonNode originalId = request.get("id");
        JsonNode token = JsonRpc.progressToken(request);
        String progressKey = null;
        if (token != null) {
            progressKey = "mcps-" + id;
            progress.put(progressKey, new Progress(owner, token));
            ((ObjectNode) request.get("params").get("_meta")).set("progressToken", TextNode.valueOf(progressKey));
        }
        request.put("id", id);
        byte[] sent = serialize(request);
        Pending p = new Pending(owner, originalId, progressKey, sent, onTree, onBytes);
        pending.put(id, p);
        if (closed || !channel.send(sent)) {
            abandon(id);
            p.answer(JsonRpc.error(originalId, McpErrorCodes.SERVER_UNAVAILABLE, "The MCP server is not running."));
        }
        return id;
    }

    /** Forgets a request whose caller stopped waiting; a late response is dropped. */
    public void abandon(long id) {
        Pending p = pending.remove(id);
        if (p != null && p.progressKey() != null) {
            progress.remove(p.progressKey());
        }
    }

    /** Sends a notification to the server as it is. */
    public void notify(ObjectNode notification) {
        if (!closed) {
            channel.send(serialize(notification));
        }
    }

    /** Answers a request the server sent to its client. */
    public void respondToServer(ObjectNode response) {
        notify(response);
    }

    /**
     * One line the server wrote to stdout. A response takes the short way (its id found and replaced in the bytes);
     * anything else is parsed. Returns the request the line answers, as sent, so that the channel knows how far
     * the server has read; null for anything else.
     */
    public byte[] onLine(byte[] line) {
        ResponseId response = ResponseId.of(line);
        if (response != null) {
            Pending p = claim(response.id());
            if (p != null && p.onBytes() != null) {
                p.onBytes().accept(response.replacedBy(line, serialize(p.originalId())));
            } else if (p != null) {
                ObjectNode tree = parse(line);
                if (tree != null) {
                    tree.set("id", p.originalId());
                    p.onTree().accept(tree);
                }
            }
            return p == null ? null : p.sent();
        }
        ObjectNode object = parse(line);
        if (object == null) {
            return null;
        }
        if (JsonRpc.isResponse(object)) {
            Pending p = claim(object.path("id").asLong(-1));
            if (p != null) {
                object.set("id", p.originalId());
                p.answer(object);
                return p.sent();
            }
        } else if (JsonRpc.isRequest(object)) {
            listener.onServerRequest(tool, this, object);
        } else if (JsonRpc.isNotification(object)) {
            onNotification(object);
        }
        return null;
    }

    private Pending claim(long id) {
        Pending p = pending.remove(id);
        if (p != null && p.progressKey() != null) {
            progress.remove(p.progressKey());
        }
        return p;
    }

    private ObjectNode parse(byte[] line) {
        try {
            return JsonRpc.MAPPER.readTree(line) instanceof ObjectNode object ? object : null;
        } catch (IOException e) {
            LOG.debugf("%s wrote a line that is not JSON-RPC: %s", tool, new String(line, StandardCharsets.UTF_8));
            return null;
        }
    }

    private void onNotification(ObjectNode notification) {
        Object owner = null;
        String method = JsonRpc.method(notification);
        if ("notifications/progress".equals(method)) {
            JsonNode params = notification.get("params");
            Progress p = params == null ? null : progress.get(params.path("progressToken").asText());
            if (p == null) {
                return;
            }
            ((ObjectNode) params).set("progressToken", p.originalToken());
            owner = p.owner();
        } else if ("notifications/cancelled".equals(method)) {
            return;
        }
        listener.onNotification(tool, notification, owner);
    }

    /**
     * The distinct owners with a request in flight, the newest request's first: who a server request may be about.
     * A server asks while it works on a request, and an older request still in flight is most likely waiting for an
     * answer to a question of its own; so the newest is the better guess where the server does not say.
     */
    public List<Object> ownersInFlight() {
        List<Object> owners = new ArrayList<>();
        pending.entrySet().stream().sorted(Map.Entry.<Long, Pending>comparingByKey().reversed())
                .map(e -> e.getValue().owner())
                .forEach(owner -> {
                    if (owner != null && !owners.contains(owner)) {
                        owners.add(owner);
                    }
                });
        return owners;
    }

    /** The process went away: every waiting caller gets an error now instead of a timeout later. */
    public void close(String reason) {
        closed = true;
        for (Long id : List.copyOf(pending.keySet())) {
            Pending p = pending.remove(id);
            if (p != null) {
                p.answer(JsonRpc.error(p.originalId(), McpErrorCodes.SERVER_UNAVAILABLE, reason));
            }
        }
        progress.clear();
    }

    public int inFlight() {
        return pending.size();
    }

    public static byte[] serialize(JsonNode node) {
        try {
            return JsonRpc.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree cannot be serialized", e);
        }
    }
}
