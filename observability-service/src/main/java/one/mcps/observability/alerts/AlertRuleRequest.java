package one.mcps.observability.alerts;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A rule as a client creates or replaces it. */
public record AlertRuleRequest(
        @NotBlank @Size(max = 200) String name,
        @NotNull @Pattern(regexp = Metric.PATTERN, message = "must be one of " + Metric.PATTERN) String metric,
        @Pattern(regexp = "gt|gte|lt|lte", message = "must be one of gt, gte, lt, lte") String comparison,
        @NotNull Double threshold,
        @Min(1) @Max(86400) Integer windowS,
        @Pattern(regexp = "info|warning|critical", message = "must be one of info, warning, critical") String severity,
        @Size(max = 200) String tool,
        @Size(max = 2000) @Pattern(regexp = "https?://\\S+", message = "must be an http or https URL") String webhookUrl,
        Boolean enabled) {
}
