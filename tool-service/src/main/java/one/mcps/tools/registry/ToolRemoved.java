package one.mcps.tools.registry;

/** Fired (CDI, synchronously) when a tool was deleted, so whatever runs it can let it go. */
public record ToolRemoved(Tool tool) {
}
