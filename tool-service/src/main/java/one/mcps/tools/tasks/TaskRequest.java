package one.mcps.tools.tasks;

import java.time.Instant;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** Body of POST and PUT /api/v1/tasks; a missing optional field takes the configured default. */
public record TaskRequest(@NotBlank @Size(max = 200) String name, @NotBlank String type, Map<String, Object> params,
        @Size(max = 120) String schedule, Instant runAt, @Positive Long timeoutMs, @Min(1) @Max(100) Integer maxAttempts,
        Boolean enabled) {
}
