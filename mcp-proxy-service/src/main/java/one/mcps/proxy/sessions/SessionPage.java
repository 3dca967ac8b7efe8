package one.mcps.proxy.sessions;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A page of a list: the items, where it starts and how many there are in all (or in the window kept). */
@RegisterForReflection
public record SessionPage<T>(List<T> items, int offset, int limit, long total) {
}
