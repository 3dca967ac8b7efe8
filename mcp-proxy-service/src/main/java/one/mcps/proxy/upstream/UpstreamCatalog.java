package one.mcps.proxy.upstream;

import java.util.List;

import io.modelcontextprotocol.spec.McpSchema;

/** What one upstream offers, as it last listed it (all pages). */
public record UpstreamCatalog(List<McpSchema.Tool> tools, List<McpSchema.Resource> resources,
        List<McpSchema.ResourceTemplate> templates, List<McpSchema.Prompt> prompts) {

    public static final UpstreamCatalog EMPTY = new UpstreamCatalog(List.of(), List.of(), List.of(), List.of());

    public UpstreamCatalog withTools(List<McpSchema.Tool> value) {
        return new UpstreamCatalog(value, resources, templates, prompts);
    }

    public UpstreamCatalog withResources(List<McpSchema.Resource> value) {
        return new UpstreamCatalog(tools, value, templates, prompts);
    }

    public UpstreamCatalog withTemplates(List<McpSchema.ResourceTemplate> value) {
        return new UpstreamCatalog(tools, resources, value, prompts);
    }

    public UpstreamCatalog withPrompts(List<McpSchema.Prompt> value) {
        return new UpstreamCatalog(tools, resources, templates, value);
    }
}
