package one.mcps.identity.passwords;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import one.mcps.platform.errors.ProblemException;

/** What a new password must satisfy, and generated passwords that satisfy it. */
@ApplicationScoped
public class PasswordPolicy {

    private static final int GENERATED_BYTES = 18;
    private final SecureRandom random = new SecureRandom();
    private final int minLength;
    private final int maxLength;

    public PasswordPolicy(@ConfigProperty(name = "mcps.auth.password-min-length") int minLength,
            @ConfigProperty(name = "mcps.auth.password-max-length") int maxLength) {
        this.minLength = minLength;
        this.maxLength = maxLength;
    }

    /** Throws a field error naming {@code field} when the password is too short or too long. */
    public void check(String field, String password) {
        if (password == null || password.length() < minLength) {
            throw ProblemException.invalidField(field, "must be at least " + minLength + " characters long");
        }
        // bcrypt reads at most 72 bytes; longer inputs would be silently truncated.
        if (password.getBytes(StandardCharsets.UTF_8).length > maxLength) {
            throw ProblemException.invalidField(field, "must be at most " + maxLength + " bytes long");
        }
    }

    public String generate() {
        byte[] bytes = new byte[GENERATED_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
