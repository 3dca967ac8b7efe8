package one.mcps.identity.users;

/** The new password; when absent, one is generated and returned once. */
public record ResetPasswordRequest(String password) {
}
