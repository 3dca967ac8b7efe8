package one.mcps.tools.db;

import java.util.List;

/** One page of a list and how many rows match in all. */
public record Page<T>(List<T> items, long total) {
}
