package one.mcps.identity.users;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code generated_password} is present only when the server chose it, and is shown only this once. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResetPasswordResponse(String userId, String generatedPassword) {
}
