package one.mcps.tools.lifecycle;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.jboss.logging.Logger;

/**
 * Writes messages to a child's stdin without ever blocking the caller (an event loop). A message goes into the
 * pipe on the caller's thread when it provably fits: a pipe is read in order, so once the child answered a request
 * it has read every byte up to that request's end, and the bytes written after that plus the message stay within
 * the smallest capacity a Linux pipe has. Anything else goes through a queue drained by a thread of its own, which
 * may block. Most calls so skip the wake-up of that thread, which costs more than the write itself.
 */
final class StdinWriter {

    private static final Logger LOG = Logger.getLogger(StdinWriter.class);
    /** One page: what a pipe holds at the least (a user past pipe-user-pages-soft gets pipes this small). */
    private static final int PIPE_CAPACITY_FLOOR = 4096;
    /** Messages never answered (notifications) are forgotten once a later request is answered; this bounds the rest. */
    private static final int MAX_TRACKED = 10_000;
    private static final byte[] END = new byte[0];

    private record Written(byte[] message, long end) {
    }

    private final OutputStream stdin;
    private final long pid;
    private final BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final Object lock = new Object();
    /** Written messages the child may not have read yet, oldest first (guarded by lock). */
    private final ArrayDeque<Written> unread = new ArrayDeque<>();
    private long written;
    private long read;
    /** The thread has messages to write; nobody else may touch the stream meanwhile (guarded by lock). */
    private boolean draining;
    private boolean open = true;

    StdinWriter(OutputStream stdin, long pid) {
        this.stdin = stdin;
        this.pid = pid;
    }

    /** Writes or queues one message (a newline follows it); false once stdin is closed. */
    boolean send(byte[] message) {
        synchronized (lock) {
            if (!open) {
                return false;
            }
            if (!draining && written - read + message.length + 1 <= PIPE_CAPACITY_FLOOR) {
                try {
                    stdin.write(message);
                    stdin.write('\n');
                    stdin.flush();
                } catch (IOException e) {
                    LOG.debugf("stdin of %d closed: %s", pid, e.getMessage());
                    open = false;
                    return false;
                }
                wrote(message);
                return true;
            }
            draining = true;
            queue.add(message);
            return true;
        }
    }

    /** The child answered {@code request} (the bytes as sent): it has read up to its end. */
    void answered(byte[] request) {
        if (request == null) {
            return;
        }
        synchronized (lock) {
            for (Written w : unread) {
                if (w.message() == request) {
                    read = w.end();
                    break;
                }
            }
            while (!unread.isEmpty() && unread.peekFirst().end() <= read) {
                unread.pollFirst();
            }
        }
    }

    /** Closes stdin once what was queued is written. */
    void close() {
        synchronized (lock) {
            if (open) {
                open = false;
                draining = true;
                queue.add(END);
            }
        }
    }

    /** The writer thread's body: drains the queue, flushing when it runs dry so bursts go out in few writes. */
    void drain() {
        try {
            while (true) {
                byte[] message = queue.take();
                if (message == END) {
                    break;
                }
                stdin.write(message);
                stdin.write('\n');
                boolean last;
                synchronized (lock) {
                    wrote(message);
                    last = queue.isEmpty();
                }
                if (last) {
                    stdin.flush();
                    synchronized (lock) {
                        draining = !queue.isEmpty();
                    }
                }
            }
        } catch (IOException e) {
            LOG.debugf("stdin of %d closed: %s", pid, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (lock) {
                open = false;
            }
            try {
                stdin.close();
            } catch (IOException e) {
                LOG.tracef("closing stdin of %d: %s", pid, e.getMessage());
            }
        }
    }

    private void wrote(byte[] message) {
        written += message.length + 1;
        unread.addLast(new Written(message, written));
        if (unread.size() > MAX_TRACKED) {
            unread.pollFirst(); // its answer then proves nothing: direct writes only get rarer
        }
    }
}
