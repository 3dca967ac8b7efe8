package one.mcps.identity.users;

import java.util.List;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record CreateUserRequest(
        @NotBlank @Pattern(regexp = UserRules.USERNAME, message = UserRules.USERNAME_MESSAGE) String username,
        @NotBlank @Email @Size(max = 254) String email,
        @NotNull String password,
        @NotEmpty List<@NotBlank String> roles) {
}
