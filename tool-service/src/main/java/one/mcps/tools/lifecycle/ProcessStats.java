package one.mcps.tools.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * CPU time and resident memory of a process tree, read from Linux's {@code /proc}. Elsewhere (no /proc) the
 * figures are null rather than wrong.
 */
final class ProcessStats {

    /** CPU seconds used so far and resident bytes now, summed over the tree. */
    record Sample(double cpuSeconds, long rssBytes, long takenAtNanos) {
    }

    /** A measure of a tree: CPU in percent of one core since the previous one, resident bytes, the sample taken. */
    record Usage(Double cpuPercent, long rssBytes, Sample sample) {
    }

    private final long clockTicks;

    ProcessStats(long clockTicks) {
        this.clockTicks = clockTicks;
    }

    Sample sample(Set<ProcessHandle> tree) {
        long ticks = 0;
        long rssKb = 0;
        boolean any = false;
        for (ProcessHandle p : tree) {
            if (!p.isAlive()) {
                continue;
            }
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // fields[0] is field 3 (state) of proc(5): utime is field 14, stime field 15
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                rssKb += vmRssKb(p.pid());
                any = true;
            } catch (IOException | RuntimeException e) {
                // the process ended between the listing and the read: it no longer counts
            }
        }
        return any ? new Sample((double) ticks / clockTicks, rssKb * 1024, System.nanoTime()) : null;
    }

    /**
     * Measures the tree of {@code root}, first adding what runs under it now to {@code known} (a descendant whose
     * parent exited still counts); CPU is measured since {@code previous}. Null when nothing of the tree is alive.
     */
    Usage measure(ProcessHandle root, Set<ProcessHandle> known, Sample previous, java.time.Duration uptime) {
        known.addAll(ProcessTree.of(root));
        Sample now = sample(known);
        return now == null ? null : new Usage(cpuSince(previous, now, uptime), now.rssBytes(), now);
    }

    /** CPU use since {@code before}, or over the whole {@code uptime} of the tree when there is no earlier sample. */
    static Double cpuSince(Sample before, Sample now, java.time.Duration uptime) {
        return cpuPercent(before != null ? before
                : new Sample(0, 0, now.takenAtNanos() - Math.max(1, uptime.toNanos())), now);
    }

    /** CPU use between two samples, in percent of one core. */
    static Double cpuPercent(Sample before, Sample now) {
        if (before == null || now == null || now.takenAtNanos() <= before.takenAtNanos()) {
            return null;
        }
        double wall = (now.takenAtNanos() - before.takenAtNanos()) / 1e9;
        double used = Math.max(0, now.cpuSeconds() - before.cpuSeconds());
        return Math.round(used / wall * 1000) / 10.0;
    }

    private static long vmRssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}
