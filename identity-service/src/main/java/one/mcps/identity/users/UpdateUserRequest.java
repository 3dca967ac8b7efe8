package one.mcps.identity.users;

import java.util.List;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A partial update: absent fields stay as they are. */
public record UpdateUserRequest(@Email @Size(max = 254) String email, @Size(min = 1) List<@NotBlank String> roles,
        Boolean enabled) {
}
