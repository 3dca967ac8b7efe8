package one.mcps.e2e;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waits for something asynchronous (a process to be running, an event to be ingested). The deadline only turns
 * "never happens" into a failure; how fast it happens is the benchmark's business, not an assertion here.
 */
final class Eventually {

    private Eventually() {
    }

    /** Polls {@code probe} until it answers null (done) or the deadline passes; it answers what is still wrong. */
    static void until(String what, Duration deadline, Supplier<String> probe) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        String wrong;
        while ((wrong = probe.get()) != null) {
            if (System.nanoTime() > end) {
                throw new AssertionError(what + ": not so after " + deadline.toSeconds() + " s; last seen: " + wrong);
            }
            Thread.sleep(500);
        }
    }
}
