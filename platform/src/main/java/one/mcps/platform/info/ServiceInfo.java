package one.mcps.platform.info;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What a service says about itself; observability-service gathers these for {@code /api/v1/system/info}. */
@RegisterForReflection
public record ServiceInfo(String service, String version, String instance, Instant startedAt, long uptimeS,
        String java, String host, int availableProcessors, long heapUsedBytes, long heapMaxBytes) {
}
