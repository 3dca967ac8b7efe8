package one.mcps.tools.lifecycle;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import one.mcps.platform.events.ToolLogLine;

/** The newest lines of one tool (stderr and lifecycle notes), in memory, for tail and follow. */
final class LogRing {

    private final int capacity;
    private final ArrayDeque<ToolLogLine> lines;
    private final BroadcastProcessor<ToolLogLine> live = BroadcastProcessor.create();

    LogRing(int capacity) {
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(capacity);
    }

    void add(ToolLogLine line) {
        synchronized (lines) {
            if (lines.size() == capacity) {
                lines.removeFirst();
            }
            lines.addLast(line);
        }
        live.onNext(line);
    }

    /** The newest {@code n} lines, oldest first. */
    List<ToolLogLine> tail(int n) {
        synchronized (lines) {
            List<ToolLogLine> all = new ArrayList<>(lines);
            return all.subList(Math.max(0, all.size() - n), all.size());
        }
    }

    /** The newest {@code n} lines, then every new one as it comes. */
    Multi<ToolLogLine> follow(int n) {
        return Multi.createBy().concatenating().streams(Multi.createFrom().iterable(tail(n)), live);
    }
}
