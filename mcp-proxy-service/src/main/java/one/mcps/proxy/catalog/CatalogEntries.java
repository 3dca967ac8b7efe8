package one.mcps.proxy.catalog;

import io.vertx.core.json.JsonObject;
import one.mcps.proxy.upstream.Upstream;

/** The entries of the aggregated catalog: where each exposed item really lives and how it is shown. */
public final class CatalogEntries {

    private CatalogEntries() {
    }

    /**
     * A tool: {@code prefixed} is its JSON for {@code /mcp}, {@code plain} for {@code /servers/{name}/mcp}.
     * {@code retryable} when its annotations say a repeat is harmless (read-only or idempotent).
     */
    public record ToolEntry(Upstream upstream, String name, String exposedName, JsonObject prefixed, JsonObject plain,
            boolean retryable, String description) {
    }

    public record ResourceEntry(Upstream upstream, String uri, JsonObject prefixed, JsonObject plain) {
    }

    public record PromptEntry(Upstream upstream, String name, String exposedName, JsonObject prefixed,
            JsonObject plain) {
    }
}
