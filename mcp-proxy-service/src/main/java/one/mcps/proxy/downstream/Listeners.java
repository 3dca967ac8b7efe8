package one.mcps.proxy.downstream;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import one.mcps.platform.security.Caller;
import one.mcps.proxy.catalog.Catalog;
import one.mcps.proxy.catalog.Scope;
import one.mcps.proxy.catalog.ToolNames;
import one.mcps.proxy.jsonrpc.JsonRpc;

/**
 * The open {@code subscriptions/listen} streams of stateless (2026-07-28) clients: what the sessions' GET streams
 * are to the stateful ones. Each hears the list changes it asked for, of servers its caller may use, and the updates of
 * the resources it named, every notification stamped with the listen request's id; a stop ends each with its result.
 */
@ApplicationScoped
public class Listeners {

    static final String SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";

    /** What one listen request asked for, and where it is heard. */
    public record Listener(Object id, Caller caller, Scope scope, Set<String> lists, Set<String> resources,
            Channel channel) {

        /** The filter as this server honours it (echoed in the acknowledgement). */
        public JsonObject filter() {
            JsonObject filter = new JsonObject();
            LISTS.forEach((flag, method) -> {
                if (lists.contains(flag)) {
                    filter.put(flag, true);
                }
            });
            return resources.isEmpty() ? filter
                    : filter.put("resourceSubscriptions", new JsonArray(List.copyOf(resources)));
        }
    }

    /** The filter flags of a listen request and the notification each one asks for. */
    public static final Map<String, String> LISTS = Map.of("toolsListChanged", "notifications/tools/list_changed",
            "promptsListChanged", "notifications/prompts/list_changed",
            "resourcesListChanged", "notifications/resources/list_changed");

    private final Set<Listener> open = ConcurrentHashMap.newKeySet();
    private final Catalog catalog;

    public Listeners(Catalog catalog) {
        this.catalog = catalog;
    }

    /** Starts hearing for {@code listener}: the acknowledgement goes first. */
    public void open(Listener listener) {
        listener.channel().send(stamped(listener, JsonRpc.notification("notifications/subscriptions/acknowledged",
                new JsonObject().put("notifications", listener.filter()))));
        open.add(listener);
    }

    public void close(Listener listener) {
        open.remove(listener);
    }

    /** As for sessions: a gone server's roles are unknown by now, and hearing of it is harmless. */
    void listsChanged(Set<String> servers) {
        for (Listener listener : open) {
            if (servers.stream().anyMatch(server -> listener.scope().includes(server)
                    && listener.caller().mayUseServer(server))) {
                LISTS.forEach((flag, method) -> {
                    if (listener.lists().contains(flag)) {
                        send(listener, JsonRpc.notification(method, new JsonObject()));
                    }
                });
            }
        }
    }

    void resourceUpdated(String server, String uri) {
        for (Listener listener : open) {
            String seen = listener.scope().isAll() ? ToolNames.qualifiedUri(server, uri) : uri;
            if (listener.resources().contains(seen)
                    && catalog.server(listener.caller(), listener.scope(), server).isPresent()) {
                send(listener, JsonRpc.notification("notifications/resources/updated",
                        new JsonObject().put("uri", seen)));
            }
        }
    }

    private void send(Listener listener, JsonObject notification) {
        if (!listener.channel().send(stamped(listener, notification))) {
            open.remove(listener);
        }
    }

    private static JsonObject stamped(Listener listener, JsonObject notification) {
        JsonObject params = notification.getJsonObject("params", new JsonObject());
        JsonObject meta = params.getJsonObject("_meta", new JsonObject()).put(SUBSCRIPTION_ID, listener.id());
        return notification.put("params", params.put("_meta", meta));
    }

    /** Comments on every open listen stream, as on the sessions' streams, so idle connections survive proxies. */
    @Scheduled(every = "${mcps.mcp.sessions.keep-alive-interval}")
    void keepAlive() {
        open.removeIf(listener -> !listener.channel().keepAlive());
    }

    /** A stop ends each subscription gracefully: its result, then the end of its stream. */
    void onStop(@Observes ShutdownEvent event) {
        for (Listener listener : open) {
            listener.channel().send(JsonRpc.result(listener.id(), new JsonObject().put("resultType", "complete")
                    .put("_meta", new JsonObject().put(SUBSCRIPTION_ID, listener.id()))));
            listener.channel().close();
        }
        open.clear();
    }
}
