package one.mcps.gateway.admin;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Maintenance mode and the upstream probes of the status page ({@code mcps.gateway.admin.*}). */
@ConfigMapping(prefix = "mcps.gateway.admin")
public interface AdminConfig {

    /** Retry-After (seconds) of maintenance 503s when the admin did not say. */
    @WithDefault("300")
    long maintenanceRetryAfter();

    /** The runtime setting on {@code mcps.system.config} that also switches maintenance mode (a boolean). */
    @WithDefault("maintenance_mode")
    String maintenanceSetting();

    /** How often each upstream instance's health path is probed. */
    @WithDefault("10s")
    Duration healthInterval();

    @WithDefault("2s")
    Duration healthTimeout();
}
