package one.mcps.identity.tokens;

import java.util.UUID;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Whose behalf a service acts on, and the API key the work was started with (absent: a token session). Ids are
 * text checked here, so a malformed one is a field error like any other.
 */
public record OnBehalfRequest(@NotNull @Pattern(regexp = UUID_PATTERN, message = "must be a UUID") String userId,
        @Pattern(regexp = UUID_PATTERN, message = "must be a UUID") String apiKeyId) {

    static final String UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

    UUID user() {
        return UUID.fromString(userId);
    }

    UUID apiKey() {
        return apiKeyId == null ? null : UUID.fromString(apiKeyId);
    }
}
