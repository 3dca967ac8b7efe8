package one.mcps.gateway.admin;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Singleton;

import one.mcps.platform.config.RuntimeSettings;

/**
 * Maintenance mode: while on, forwarded requests of everyone but admins get 503 with Retry-After; admins keep full
 * access so they can work on the system and end it. Either an admin switched this gateway instance with
 * {@code POST /api/v1/proxy/stop}, or the runtime setting {@code maintenance_mode} (observability-service's system
 * settings, heard on {@code mcps.system.config}) is on for every instance.
 */
@Singleton
public class MaintenanceMode {

    /** Why and since when maintenance is on, who started it, and what clients are told to wait. */
    public record State(String reason, String startedBy, Instant since, long retryAfterS) {
    }

    private final AtomicReference<State> state = new AtomicReference<>();
    private final RuntimeSettings settings;
    private final String setting;
    private final long retryAfterS;

    public MaintenanceMode(RuntimeSettings settings, AdminConfig config) {
        this.settings = settings;
        this.setting = config.maintenanceSetting();
        this.retryAfterS = config.maintenanceRetryAfter();
    }

    /** The maintenance in force, or null; a switch on this instance wins over the system setting. */
    public State current() {
        State local = state.get();
        if (local != null || !settings.getBoolean(setting, false)) {
            return local;
        }
        return new State("the system setting " + setting + " is on", "system", null, retryAfterS);
    }

    public boolean active() {
        return current() != null;
    }

    public void start(State maintenance) {
        state.set(maintenance);
    }

    /** Ends maintenance; returns the state that ended, or null when it was not on. */
    public State end() {
        return state.getAndSet(null);
    }
}
