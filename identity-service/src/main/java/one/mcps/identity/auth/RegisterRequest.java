package one.mcps.identity.auth;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import one.mcps.identity.users.UserRules;

public record RegisterRequest(
        @NotBlank @Pattern(regexp = UserRules.USERNAME, message = UserRules.USERNAME_MESSAGE) String username,
        @NotBlank @Email @Size(max = 254) String email,
        @NotNull String password) {
}
