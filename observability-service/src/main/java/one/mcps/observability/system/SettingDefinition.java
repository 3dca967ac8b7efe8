package one.mcps.observability.system;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One known runtime setting: its key, type, allowed range (numbers) and what it does. */
@RegisterForReflection
public record SettingDefinition(String key, SettingType type, Double min, Double max, String description) {

    /** Why {@code value} is not acceptable for this setting, or empty when it is. */
    Optional<String> problemWith(JsonNode value) {
        if (value == null) {
            return Optional.of("must be " + type.describe());
        }
        Optional<String> wrongType = type.problemWith(value);
        if (wrongType.isPresent()) {
            return wrongType;
        }
        if (value.isNumber() && min != null && value.doubleValue() < min) {
            return Optional.of("must be at least " + asText(min));
        }
        if (value.isNumber() && max != null && value.doubleValue() > max) {
            return Optional.of("must be at most " + asText(max));
        }
        return Optional.empty();
    }

    private static String asText(double bound) {
        return bound == Math.rint(bound) ? String.valueOf((long) bound) : String.valueOf(bound);
    }
}
