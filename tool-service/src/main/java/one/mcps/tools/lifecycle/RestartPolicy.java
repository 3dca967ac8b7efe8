package one.mcps.tools.lifecycle;

import java.time.Duration;
import java.util.Optional;

/**
 * Whether and when a tool that stopped on its own is started again: {@code never}, {@code on_failure} (a non-zero
 * exit or a failed health check) or {@code always}; the delay doubles with each consecutive failure up to a cap,
 * and after {@code max_restarts} consecutive failures the supervisor gives up.
 */
final class RestartPolicy {

    private RestartPolicy() {
    }

    /** The delay before the next attempt, or empty when the tool should stay down. */
    static Optional<Duration> next(ToolSpec spec, Integer exitCode, int consecutiveFailures, Duration cap) {
        boolean failure = exitCode == null || exitCode != 0;
        boolean wanted = switch (spec.restartPolicy()) {
            case "always" -> true;
            case "on_failure" -> failure;
            default -> false;
        };
        if (!wanted || consecutiveFailures >= spec.maxRestarts()) {
            return Optional.empty();
        }
        long delay = spec.restartDelayMs() << Math.min(consecutiveFailures, 30);
        return Optional.of(Duration.ofMillis(Math.min(delay, cap.toMillis())));
    }
}
