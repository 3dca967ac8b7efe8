package one.mcps.observability.logs;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Counts of log entries by level, category and source, and per time bucket over {@code from}..{@code to}. */
@RegisterForReflection
public record LogStats(long total, Map<String, Long> byLevel, Map<String, Long> byCategory,
        Map<String, Long> bySource, Instant from, Instant to, String bucket, List<Bucket> buckets) {

    @RegisterForReflection
    public record Bucket(Instant start, long count) {
    }
}
