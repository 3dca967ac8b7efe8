package one.mcps.observability.system;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** {@code tools} restarts every running tool; any other value names one tool. */
public record RestartRequest(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,100}", message = "must be tools or a tool name") String target) {
}
