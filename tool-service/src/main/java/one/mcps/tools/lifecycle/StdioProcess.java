package one.mcps.tools.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import org.jboss.logging.Logger;

import one.mcps.tools.mcp.LineChannel;

/**
 * One child process speaking MCP over stdio. Pipes block, so each output stream has a reader thread of its own,
 * and stdin a writer thread for what cannot be written at once without blocking ({@link StdinWriter}). Callers
 * get lines and the exit code through callbacks, on those threads.
 */
final class StdioProcess implements LineChannel {

    /** Takes one stdout line; returns the message (as sent) the line answers, if it is a response, else null. */
    @FunctionalInterface
    interface StdoutHandler {
        byte[] onLine(byte[] line);
    }

    private static final Logger LOG = Logger.getLogger(StdioProcess.class);
    /** A grandchild may hold stderr open after the process exited; wait this long at most for its end. */
    private static final long STDERR_DRAIN_MILLIS = 500;
    /** Grows when a line is longer; most MCP messages fit. */
    private static final int READ_BUFFER_BYTES = 64 * 1024;

    private final Process process;
    private final StdinWriter stdin;

    private StdioProcess(Process process) {
        this.process = process;
        this.stdin = new StdinWriter(process.getOutputStream(), process.pid());
    }

    /**
     * Starts {@code spec}'s command with an argument array (no shell), exactly the given environment, and wires
     * the threads. {@code onExit} gets the exit code once stdout closed and the process ended.
     */
    static StdioProcess start(ToolSpec spec, List<String> envAllowList, StdoutHandler onStdout,
            Consumer<String> onStderr, IntConsumer onExit) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(spec.command());
        command.addAll(spec.args());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        for (String name : envAllowList) {
            String value = System.getenv(name);
            if (value != null) {
                builder.environment().put(name, value);
            }
        }
        builder.environment().putAll(spec.env());
        if (spec.cwd() != null && !spec.cwd().isBlank()) {
            builder.directory(new java.io.File(spec.cwd()));
        }
        StdioProcess p = new StdioProcess(builder.start());
        String name = spec.name() + "-" + p.pid();
        thread(name + "-stdin", p.stdin::drain);
        Thread stderr = thread(name + "-stderr", () -> p.readLoop(p.process.getErrorStream(), line -> {
            onStderr.accept(new String(line, StandardCharsets.UTF_8));
            return null;
        }));
        thread(name + "-stdout", () -> {
            p.readLoop(p.process.getInputStream(), onStdout);
            int code = p.awaitExit();
            // the last stderr lines explain the exit: let them arrive before reporting it
            join(stderr);
            onExit.accept(code);
        });
        return p;
    }

    long pid() {
        return process.pid();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public boolean send(byte[] message) {
        return stdin.send(message);
    }

    /** Closes stdin once what was queued is written: the polite way to ask an MCP server to exit. */
    void closeStdin() {
        stdin.close();
    }

    /**
     * Hands each line of {@code stream} to {@code onLine} as bytes (without its end of line): MCP messages are
     * UTF-8 JSON, and the bridge passes them on without decoding them into strings.
     */
    private void readLoop(InputStream stream, StdoutHandler onLine) {
        try (stream) {
            byte[] buffer = new byte[READ_BUFFER_BYTES];
            int start = 0;
            int end = 0;
            int scanned = 0;
            while (true) {
                int newline = indexOf(buffer, scanned, end);
                if (newline >= 0) {
                    deliver(buffer, start, newline, onLine);
                    start = newline + 1;
                    scanned = start;
                    continue;
                }
                scanned = end;
                if (start > 0) { // keep the partial line at the front
                    System.arraycopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    scanned -= start;
                    start = 0;
                }
                if (end == buffer.length) { // a line longer than the buffer
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
                int read = stream.read(buffer, end, buffer.length - end);
                if (read < 0) {
                    if (end > start) {
                        deliver(buffer, start, end, onLine);
                    }
                    return;
                }
                end += read;
            }
        } catch (IOException e) {
            LOG.debugf("output of %d closed: %s", process.pid(), e.getMessage());
        }
    }

    private void deliver(byte[] buffer, int start, int end, StdoutHandler onLine) {
        int last = end > start && buffer[end - 1] == '\r' ? end - 1 : end;
        try {
            stdin.answered(onLine.onLine(Arrays.copyOfRange(buffer, start, last)));
        } catch (RuntimeException e) {
            LOG.warnf(e, "Handling a line of process %d failed", process.pid());
        }
    }

    private static int indexOf(byte[] buffer, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private int awaitExit() {
        closeStdin();
        while (true) {
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
    }

    private static Thread thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void join(Thread thread) {
        try {
            thread.join(STDERR_DRAIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
