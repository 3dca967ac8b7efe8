package one.mcps.identity.auth;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import one.mcps.identity.users.User;

/** Counts failed logins and locks an account for a while after too many in a row. */
@ApplicationScoped
public class LockoutPolicy {

    private final int maxAttempts;
    private final Duration lockFor;

    public LockoutPolicy(@ConfigProperty(name = "mcps.auth.max-login-attempts") int maxAttempts,
            @ConfigProperty(name = "mcps.auth.lockout-duration") Duration lockFor) {
        this.maxAttempts = maxAttempts;
        this.lockFor = lockFor;
    }

    /** Records a failure; true when it locked the account. */
    public boolean recordFailure(User user, Instant now) {
        user.failedLogins++;
        if (user.failedLogins >= maxAttempts) {
            user.failedLogins = 0;
            user.lockedUntil = now.plus(lockFor);
            return true;
        }
        return false;
    }

    public void recordSuccess(User user, Instant now) {
        user.failedLogins = 0;
        user.lockedUntil = null;
        user.lastLoginAt = now;
    }
}
