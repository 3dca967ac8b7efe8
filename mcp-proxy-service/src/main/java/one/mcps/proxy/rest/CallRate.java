package one.mcps.proxy.rest;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import one.mcps.proxy.calls.CallRecorder;

/** Calls per second over the last sampling period, for the status endpoint (sampled, so calls pay nothing for it). */
@ApplicationScoped
public class CallRate {

    private final CallRecorder recorder;
    private long lastTotal;
    private long lastAt = System.nanoTime();
    private volatile double perSecond;

    public CallRate(CallRecorder recorder) {
        this.recorder = recorder;
    }

    @Scheduled(every = "${mcps.mcp.calls.rate-sample-interval:5s}")
    synchronized void sample() {
        long now = System.nanoTime();
        long total = recorder.total();
        double seconds = (now - lastAt) / 1e9;
        perSecond = seconds <= 0 ? 0 : (total - lastTotal) / seconds;
        lastTotal = total;
        lastAt = now;
    }

    public double perSecond() {
        return perSecond;
    }
}
