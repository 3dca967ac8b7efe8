package one.mcps.observability.backups;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
public record BackupView(UUID id, String fileName, long sizeBytes, String sha256, String createdBy,
        Instant createdAt, Map<String, Object> report) {
}
