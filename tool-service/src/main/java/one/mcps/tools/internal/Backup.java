package one.mcps.tools.internal;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What {@code /internal/export} gives and {@code /internal/import} takes. */
@RegisterForReflection
public record Backup(@NotNull @Pattern(regexp = "tool-service", message = "must be tool-service") String service,
        @NotNull List<@Valid @NotNull ToolExport> tools) {
}
