package one.mcps.observability.monitoring;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Samples the host from {@code /proc/stat}, {@code /proc/meminfo} and the file store of the data folder (statvfs)
 * on a worker thread every few seconds; readers get the latest sample without touching the file system. CPU use is
 * the busy share of the jiffies between two samples.
 */
@ApplicationScoped
public class HostSampler {

    private static final Logger LOG = Logger.getLogger(HostSampler.class);

    private final Path procStat = Path.of("/proc/stat");
    private final Path procMeminfo = Path.of("/proc/meminfo");
    private final Path disk;
    private final AtomicReference<HostMetrics> latest = new AtomicReference<>();
    private long[] previousCpu;

    public HostSampler(@ConfigProperty(name = "mcps.system.disk-path") String diskPath) {
        this.disk = Path.of(diskPath).toAbsolutePath();
    }

    void onStart(@Observes StartupEvent event) {
        sample();
    }

    /** The latest sample (taken at start and then every {@code mcps.system.sample-interval}). */
    public HostMetrics latest() {
        return latest.get();
    }

    @Scheduled(every = "{mcps.system.sample-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void sample() {
        Double cpu = cpuPercent();
        long memTotal = 0;
        long memAvailable = 0;
        try {
            for (String line : Files.readAllLines(procMeminfo)) {
                if (line.startsWith("MemTotal:")) {
                    memTotal = kib(line);
                } else if (line.startsWith("MemAvailable:")) {
                    memAvailable = kib(line);
                }
            }
        } catch (IOException e) {
            LOG.debugf("No /proc/meminfo: %s", e.getMessage());
        }
        Double memory = memTotal > 0 ? round(100.0 * (memTotal - memAvailable) / memTotal) : null;
        long diskTotal = 0;
        long diskFree = 0;
        try {
            FileStore store = Files.getFileStore(existing(disk));
            diskTotal = store.getTotalSpace();
            diskFree = store.getUsableSpace();
        } catch (IOException e) {
            LOG.debugf("Cannot read the file store of %s: %s", disk, e.getMessage());
        }
        Double diskPercent = diskTotal > 0 ? round(100.0 * (diskTotal - diskFree) / diskTotal) : null;
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        HostMetrics sample = new HostMetrics(cpu, memory, memTotal, memAvailable, diskPercent, diskTotal, diskFree,
                disk.toString(), load < 0 ? null : round(load), Runtime.getRuntime().availableProcessors(),
                Instant.now());
        latest.set(sample);
    }

    private Double cpuPercent() {
        try {
            List<String> lines = Files.readAllLines(procStat);
            String[] fields = lines.get(0).trim().split("\\s+");
            long[] now = new long[2];
            for (int i = 1; i < fields.length; i++) {
                long value = Long.parseLong(fields[i]);
                now[0] += value;
                // idle and iowait
                if (i == 4 || i == 5) {
                    now[1] += value;
                }
            }
            long[] before = previousCpu;
            previousCpu = now;
            if (before == null || now[0] == before[0]) {
                return null;
            }
            double busy = (now[0] - before[0]) - (now[1] - before[1]);
            return round(100.0 * busy / (now[0] - before[0]));
        } catch (IOException | RuntimeException e) {
            LOG.debugf("Cannot read /proc/stat: %s", e.getMessage());
            return null;
        }
    }

    private static Path existing(Path path) {
        Path p = path;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null ? Path.of("/") : p;
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
