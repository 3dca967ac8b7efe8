package one.mcps.identity.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import one.mcps.identity.auth.ThrottleRule.Failures;

class ThrottleRuleTest {

    private final ThrottleRule rule = new ThrottleRule(5, 20, Duration.ofSeconds(1), Duration.ofMinutes(15),
            Duration.ofHours(1));
    private final Instant now = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void theDelayDoublesWithEveryFailureBeyondTheFreeOnesUpToTheCap() {
        assertEquals(Duration.ZERO, rule.delay(4, 5));
        assertEquals(Duration.ofSeconds(1), rule.delay(5, 5));
        assertEquals(Duration.ofSeconds(2), rule.delay(6, 5));
        assertEquals(Duration.ofSeconds(512), rule.delay(14, 5));
        assertEquals(Duration.ofMinutes(15), rule.delay(15, 5));
        assertEquals(Duration.ofMinutes(15), rule.delay(500, 5));
    }

    @Test
    void aPairWithTooManyFailuresWaitsFromItsLastFailure() {
        Failures pair = new Failures(7, now.minusSeconds(1));
        assertEquals(Duration.ofSeconds(3), rule.waitFor(null, null, pair, now));
        assertEquals(Duration.ZERO, rule.waitFor(null, null, pair, now.plusSeconds(3)));
    }

    @Test
    void theAccountCounterHoldsBackOnlyAddressesThatFailedOnTheAccount() {
        Failures account = new Failures(50, now);
        assertEquals(Duration.ZERO, rule.waitFor(account, null, null, now));
        assertEquals(Duration.ofMinutes(15), rule.waitFor(account, null, new Failures(1, now.minusSeconds(60)), now));
    }

    @Test
    void theAddressCounterHoldsBackEveryAccount() {
        assertEquals(Duration.ZERO, rule.waitFor(null, new Failures(19, now), null, now));
        assertEquals(Duration.ofSeconds(1), rule.waitFor(null, new Failures(20, now), null, now));
    }

    @Test
    void failuresOlderThanTheWindowAreForgotten() {
        Failures old = new Failures(100, now.minus(Duration.ofHours(1)).minusSeconds(1));
        assertEquals(Duration.ZERO, rule.waitFor(old, old, old, now));
    }
}
