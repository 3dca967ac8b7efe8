package one.mcps.proxy.rest;

import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;
import one.mcps.proxy.catalog.CatalogEntries.ToolEntry;

/** A tool of the catalog as the plain-HTTP APIs show it. */
@RegisterForReflection
public record HttpToolView(String name, String server, String tool, String title, String description,
        Map<String, Object> inputSchema, Map<String, Object> annotations) {

    public static HttpToolView of(ToolEntry entry) {
        var plain = entry.plain();
        return new HttpToolView(entry.exposedName(), entry.upstream().name(), entry.name(), plain.getString("title"),
                entry.description(),
                plain.getJsonObject("inputSchema") == null ? null : plain.getJsonObject("inputSchema").getMap(),
                plain.getJsonObject("annotations") == null ? null : plain.getJsonObject("annotations").getMap());
    }
}
