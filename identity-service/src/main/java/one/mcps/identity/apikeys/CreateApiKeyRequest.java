package one.mcps.identity.apikeys;

import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code servers} limits the key to those MCP servers; absent means every server the owner may use. */
public record CreateApiKeyRequest(@NotBlank @Size(max = 100) String name,
        @Size(max = 100) List<@NotBlank @Pattern(regexp = "^[A-Za-z0-9._-]{1,64}$",
                message = "must be a server name (letters, digits, dots, dashes, underscores)") String> servers,
        @Future Instant expiresAt) {
}
