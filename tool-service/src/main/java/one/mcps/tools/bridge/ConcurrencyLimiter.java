package one.mcps.tools.bridge;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code max_concurrency} calls of one tool in flight; up to {@code queueLimit} more wait in order; past
 * that a call is refused (429) rather than queued without bound.
 */
final class ConcurrencyLimiter {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private volatile int max;
    private final int queueLimit;

    ConcurrencyLimiter(int max, int queueLimit) {
        this.max = max;
        this.queueLimit = queueLimit;
    }

    void resize(int newMax) {
        max = newMax;
    }

    /** Runs {@code call} now or later; false when the queue is full too. */
    boolean submit(Runnable call) {
        while (true) {
            int current = inFlight.get();
            if (current >= max) {
                break;
            }
            if (inFlight.compareAndSet(current, current + 1)) {
                call.run();
                return true;
            }
        }
        if (waiting.incrementAndGet() > queueLimit) {
            waiting.decrementAndGet();
            return false;
        }
        queue.add(call);
        // a release may have happened between the check and the add
        drain();
        return true;
    }

    void release() {
        inFlight.decrementAndGet();
        drain();
    }

    private void drain() {
        while (!queue.isEmpty()) {
            int current = inFlight.get();
            if (current >= max) {
                return;
            }
            if (!inFlight.compareAndSet(current, current + 1)) {
                continue;
            }
            Runnable next = queue.poll();
            if (next == null) {
                inFlight.decrementAndGet();
                return;
            }
            waiting.decrementAndGet();
            next.run();
        }
    }
}
