package one.mcps.tools.registry;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One page of tools; {@code page} counts from 1. */
@RegisterForReflection
public record ToolPageView(List<ToolView> items, int page, int size, long total, long pages) {
}
