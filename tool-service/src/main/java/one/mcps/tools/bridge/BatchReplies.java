package one.mcps.tools.bridge;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * The answers to the requests of one JSON-RPC batch, in the order of the requests, however they arrive: once the
 * last one is in, the whole array goes out at once.
 */
final class BatchReplies {

    private final AtomicReferenceArray<byte[]> slots;
    private final AtomicInteger missing;
    private final Consumer<byte[]> onComplete;

    /** {@code onComplete} gets the JSON array when every one of {@code requests} answers were filled in. */
    BatchReplies(int requests, Consumer<byte[]> onComplete) {
        this.slots = new AtomicReferenceArray<>(requests);
        this.missing = new AtomicInteger(requests);
        this.onComplete = onComplete;
    }

    /** The answer to request {@code slot}; later answers to the same slot are ignored. */
    void fill(int slot, byte[] reply) {
        if (slots.compareAndSet(slot, null, reply) && missing.decrementAndGet() == 0) {
            onComplete.accept(array());
        }
    }

    private byte[] array() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('[');
        for (int i = 0; i < slots.length(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(slots.get(i));
        }
        out.write(']');
        return out.toByteArray();
    }
}
