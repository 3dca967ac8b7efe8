package one.mcps.observability.logs;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A page of search hits, best first. */
@RegisterForReflection
public record SearchPage(String query, List<SearchHit> items, long total, int page, int size) {
}
