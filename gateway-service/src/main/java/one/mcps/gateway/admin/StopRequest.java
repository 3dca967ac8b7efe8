package one.mcps.gateway.admin;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What an admin may say when starting maintenance; both fields are optional.
 *
 * @param reason shown to callers in the 503's detail
 * @param retryAfterS what the 503's Retry-After tells clients
 */
@RegisterForReflection
public record StopRequest(@Size(max = 500) String reason, @Min(1) @Max(86400) Long retryAfterS) {
}
