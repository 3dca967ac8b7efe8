package one.mcps.identity.apikeys;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record VerifyApiKeyRequest(@NotBlank @Size(max = 512) String key) {
}
