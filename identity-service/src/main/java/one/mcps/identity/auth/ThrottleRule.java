package one.mcps.identity.auth;

import java.time.Duration;
import java.time.Instant;

/**
 * When a login attempt may go ahead, from the failures on record for its account name, its client address and the
 * two together. Each counter allows a number of free failures, then asks for a wait that doubles with every further
 * failure (from {@code baseDelay} up to {@code maxDelay}), counted from the last one. Failures older than
 * {@code window} are forgotten.
 * <p>
 * The account-wide counter holds back only an address that has itself failed on this account (the pair counter):
 * strangers failing from elsewhere never stop the owner logging in from an address of their own, so nobody can lock
 * an account (the last admin's included) from the outside. What stops a stranger is the per-address and the
 * per-pair counter; the account-wide one leaves each new address of a distributed attack a single attempt.
 *
 * @param accountAttempts free failures per account, and per account and address ({@code max_login_attempts})
 * @param addressAttempts free failures per client address, over all accounts
 */
public record ThrottleRule(int accountAttempts, int addressAttempts, Duration baseDelay, Duration maxDelay,
        Duration window) {

    /** The failures of one counter: how many, and when the last one was. */
    public record Failures(int count, Instant last) {
    }

    /** Zero when the attempt may go ahead, else how long to wait. Any counter may be null (nothing on record). */
    public Duration waitFor(Failures account, Failures address, Failures pair, Instant now) {
        Failures ownPair = fresh(pair, now);
        Duration wait = remaining(ownPair, accountAttempts, now);
        wait = longer(wait, remaining(fresh(address, now), addressAttempts, now));
        if (ownPair != null && ownPair.count() > 0) {
            wait = longer(wait, remaining(fresh(account, now), accountAttempts, now));
        }
        return wait;
    }

    /** The wait after {@code count} failures when {@code free} of them cost nothing. */
    Duration delay(int count, int free) {
        if (count < free) {
            return Duration.ZERO;
        }
        int doublings = count - free;
        if (doublings >= 40) {
            return maxDelay;
        }
        Duration delay = baseDelay.multipliedBy(1L << doublings);
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    private Failures fresh(Failures failures, Instant now) {
        return failures == null || failures.last().isBefore(now.minus(window)) ? null : failures;
    }

    private Duration remaining(Failures failures, int free, Instant now) {
        if (failures == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(now, failures.last().plus(delay(failures.count(), free)));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
