package one.mcps.proxy.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.json.JsonObject;
import one.mcps.platform.security.Caller;
import one.mcps.proxy.catalog.CatalogEntries.PromptEntry;
import one.mcps.proxy.catalog.CatalogEntries.ResourceEntry;
import one.mcps.proxy.catalog.CatalogEntries.ToolEntry;
import one.mcps.proxy.jsonrpc.McpJson;
import one.mcps.proxy.upstream.Upstream;
import one.mcps.proxy.upstream.UpstreamManager;

/**
 * The aggregated catalog of every running upstream. It is rebuilt once per change (not per request) into an
 * immutable snapshot, so {@code tools/list} and name lookups on the hot path are map reads.
 */
@ApplicationScoped
public class Catalog {

    private record Snapshot(Map<String, ToolEntry> tools, List<ResourceEntry> resources,
            List<ResourceEntry> templates, Map<String, PromptEntry> prompts) {
    }

    private final UpstreamManager upstreams;
    private final McpJson json;
    private final AtomicLong version = new AtomicLong();
    private volatile Snapshot snapshot;

    public Catalog(UpstreamManager upstreams, McpJson json) {
        this.upstreams = upstreams;
        this.json = json;
    }

    /** Called when any upstream's catalog changed; the next read rebuilds. */
    public void invalidate() {
        version.incrementAndGet();
        snapshot = null;
    }

    public List<ToolEntry> tools(Caller caller, Scope scope) {
        return snapshot().tools().values().stream().filter(t -> visible(caller, scope, t.upstream())).toList();
    }

    public Optional<ToolEntry> tool(Caller caller, Scope scope, String name) {
        Optional<ToolEntry> entry = scope.isAll() ? Optional.ofNullable(snapshot().tools().get(name))
                : snapshot().tools().values().stream()
                        .filter(t -> t.upstream().name().equals(scope.server()) && t.name().equals(name)).findFirst();
        return entry.filter(t -> visible(caller, scope, t.upstream()));
    }

    public List<ResourceEntry> resources(Caller caller, Scope scope) {
        return snapshot().resources().stream().filter(r -> visible(caller, scope, r.upstream())).toList();
    }

    public List<ResourceEntry> templates(Caller caller, Scope scope) {
        return snapshot().templates().stream().filter(r -> visible(caller, scope, r.upstream())).toList();
    }

    public List<PromptEntry> prompts(Caller caller, Scope scope) {
        return snapshot().prompts().values().stream().filter(p -> visible(caller, scope, p.upstream())).toList();
    }

    public Optional<PromptEntry> prompt(Caller caller, Scope scope, String name) {
        Optional<PromptEntry> entry = scope.isAll() ? Optional.ofNullable(snapshot().prompts().get(name))
                : snapshot().prompts().values().stream()
                        .filter(p -> p.upstream().name().equals(scope.server()) && p.name().equals(name)).findFirst();
        return entry.filter(p -> visible(caller, scope, p.upstream()));
    }

    /**
     * The upstream and its own URI for a URI the client sent: {@code server+uri} on {@code /mcp}, the bare URI on a
     * single-server endpoint. Templates make any URI of a server possible, so this resolves by server, not by list.
     */
    public Optional<Target> uri(Caller caller, Scope scope, String uri) {
        if (uri == null) {
            return Optional.empty();
        }
        if (!scope.isAll()) {
            return upstreams.get(scope.server()).filter(u -> visible(caller, scope, u)).map(u -> new Target(u, uri));
        }
        int plus = uri.indexOf('+');
        if (plus <= 0) {
            return Optional.empty();
        }
        return upstreams.get(uri.substring(0, plus)).filter(u -> visible(caller, scope, u))
                .map(u -> new Target(u, uri.substring(plus + 1)));
    }

    /** Whether the caller may use this server through this endpoint. */
    public Optional<Upstream> server(Caller caller, Scope scope, String server) {
        return upstreams.get(server).filter(u -> visible(caller, scope, u));
    }

    /**
     * Whether an endpoint of this scope exists for the caller: {@code /mcp} always, {@code /servers/{name}/mcp} only
     * for a server that runs and that the caller may use (an invisible one answers like one that does not exist).
     */
    public boolean serves(Caller caller, Scope scope) {
        return scope.isAll() || server(caller, scope, scope.server()).isPresent();
    }

    public record Target(Upstream upstream, String name) {
    }

    private static boolean visible(Caller caller, Scope scope, Upstream upstream) {
        return scope.includes(upstream.name())
                && Access.mayUse(caller, upstream.name(), upstream.tool().allowedRoles());
    }

    private Snapshot snapshot() {
        Snapshot current = snapshot;
        if (current == null) {
            long seen = version.get();
            current = build();
            // A change that arrived while building must not be hidden behind this (older) snapshot.
            if (version.get() == seen) {
                snapshot = current;
            }
        }
        return current;
    }

    private Snapshot build() {
        Map<String, ToolEntry> tools = new LinkedHashMap<>();
        List<ResourceEntry> resources = new ArrayList<>();
        List<ResourceEntry> templates = new ArrayList<>();
        Map<String, PromptEntry> prompts = new LinkedHashMap<>();
        upstreams.all().stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(upstream -> {
            String server = upstream.name();
            for (McpSchema.Tool tool : upstream.catalog().tools()) {
                JsonObject plain = json.toJson(tool);
                String exposed = ToolNames.qualified(server, tool.name());
                tools.put(exposed, new ToolEntry(upstream, tool.name(), exposed, plain.copy().put("name", exposed),
                        plain, retryable(tool), tool.description()));
            }
            for (McpSchema.Resource resource : upstream.catalog().resources()) {
                JsonObject plain = json.toJson(resource);
                resources.add(new ResourceEntry(upstream, resource.uri(),
                        plain.copy().put("uri", ToolNames.qualifiedUri(server, resource.uri())), plain));
            }
            for (McpSchema.ResourceTemplate template : upstream.catalog().templates()) {
                JsonObject plain = json.toJson(template);
                templates.add(new ResourceEntry(upstream, template.uriTemplate(),
                        plain.copy().put("uriTemplate", ToolNames.qualifiedUri(server, template.uriTemplate())), plain));
            }
            for (McpSchema.Prompt prompt : upstream.catalog().prompts()) {
                JsonObject plain = json.toJson(prompt);
                String exposed = ToolNames.qualified(server, prompt.name());
                prompts.put(exposed, new PromptEntry(upstream, prompt.name(), exposed,
                        plain.copy().put("name", exposed), plain));
            }
        });
        return new Snapshot(Collections.unmodifiableMap(tools), List.copyOf(resources), List.copyOf(templates),
                Collections.unmodifiableMap(prompts));
    }

    private static boolean retryable(McpSchema.Tool tool) {
        McpSchema.ToolAnnotations annotations = tool.annotations();
        return annotations != null
                && (Boolean.TRUE.equals(annotations.readOnlyHint()) || Boolean.TRUE.equals(annotations.idempotentHint()));
    }
}
