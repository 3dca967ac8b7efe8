package one.mcps.proxy.downstream.streamable;

import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import one.mcps.platform.mcp.McpErrorCodes;
import one.mcps.platform.security.Caller;
import one.mcps.platform.security.CredentialWatch;
import one.mcps.proxy.catalog.Catalog;
import one.mcps.proxy.catalog.Scope;
import one.mcps.proxy.downstream.HttpReplies;
import one.mcps.proxy.downstream.Listeners;
import one.mcps.proxy.downstream.SseChannel;
import one.mcps.proxy.jsonrpc.JsonRpc;

/**
 * {@code subscriptions/listen} (2026-07-28): the request stays open as an event stream that carries the list changes
 * and resource updates it asked for ({@link Listeners}), acknowledged first with the filter as honoured. A resource it
 * names must be one the caller may read; the upstream is asked to send its updates, as for a session's subscribe.
 */
@ApplicationScoped
public class ListenRequests {

    static final String LISTEN = "subscriptions/listen";
    private static final Logger LOG = Logger.getLogger(ListenRequests.class);

    private final Catalog catalog;
    private final CredentialWatch credentials;
    private final Listeners listeners;

    public ListenRequests(Catalog catalog, Listeners listeners, CredentialWatch credentials) {
        this.credentials = credentials;
        this.catalog = catalog;
        this.listeners = listeners;
    }

    void serve(RoutingContext ctx, Caller caller, Scope scope, JsonObject message) {
        Object id = message.getValue("id");
        String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
        if (accept == null || !accept.contains("text/event-stream")) {
            refuse(ctx, id, McpErrorCodes.INVALID_REQUEST, LISTEN + " is answered with an event stream; send Accept: "
                    + "text/event-stream.");
            return;
        }
        JsonObject params = message.getValue("params") instanceof JsonObject p ? p : new JsonObject();
        if (!(params.getValue("notifications") instanceof JsonObject filter)) {
            refuse(ctx, id, McpErrorCodes.INVALID_PARAMS, "Invalid params: notifications must be an object.");
            return;
        }
        Set<String> lists = new LinkedHashSet<>();
        Listeners.LISTS.keySet().forEach(flag -> {
            if (Boolean.TRUE.equals(filter.getValue(flag))) {
                lists.add(flag);
            }
        });
        Object named = filter.getValue("resourceSubscriptions");
        if (named != null && !(named instanceof JsonArray)) {
            refuse(ctx, id, McpErrorCodes.INVALID_PARAMS, "Invalid params: resourceSubscriptions must be an array.");
            return;
        }
        Set<String> resources = new LinkedHashSet<>();
        for (Object uri : named == null ? new JsonArray() : (JsonArray) named) {
            Catalog.Target target = uri instanceof String u ? catalog.uri(caller, scope, u).orElse(null) : null;
            if (target == null) {
                refuse(ctx, id, McpErrorCodes.INVALID_PARAMS, "Resource not found: " + uri);
                return;
            }
            resources.add((String) uri);
            if (target.upstream().supportsResourceSubscriptions()) {
                target.upstream().subscribe(target.name()).subscribe().with(ignored -> {
                }, e -> LOG.debugf("Subscribing %s upstream failed: %s", uri, e.getMessage()));
            }
        }
        SseChannel channel = SseChannel.open(ctx.response(), 200);
        Listeners.Listener listener = new Listeners.Listener(id, caller, scope, Set.copyOf(lists),
                Set.copyOf(resources), channel);
        CredentialWatch.Watching watching = credentials.watch(caller, reason -> {
            listeners.close(listener);
            channel.end();
        });
        ctx.response().closeHandler(ignored -> {
            watching.stop();
            listeners.close(listener);
        });
        listeners.open(listener);
    }

    private static void refuse(RoutingContext ctx, Object id, int code, String message) {
        HttpReplies.json(ctx, 400, JsonRpc.error(id, code, message).toBuffer());
    }
}
