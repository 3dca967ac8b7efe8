package one.mcps.gateway.admin;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Maintenance mode of this gateway instance: while on, forwarded requests of everyone but admins get 503 with
 * Retry-After. Admins keep full access so they can work on the system and end it.
 */
@ApplicationScoped
public class MaintenanceMode {

    /** Why and since when maintenance is on, who started it, and what clients are told to wait. */
    public record State(String reason, String startedBy, Instant since, long retryAfterS) {
    }

    private final AtomicReference<State> state = new AtomicReference<>();

    public State current() {
        return state.get();
    }

    public boolean active() {
        return state.get() != null;
    }

    public void start(State maintenance) {
        state.set(maintenance);
    }

    /** Ends maintenance; returns the state that ended, or null when it was not on. */
    public State end() {
        return state.getAndSet(null);
    }
}
