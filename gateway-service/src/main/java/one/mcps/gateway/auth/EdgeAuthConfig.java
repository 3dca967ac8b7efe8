package one.mcps.gateway.auth;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Edge authentication ({@code mcps.gateway.auth.*}). */
@ConfigMapping(prefix = "mcps.gateway.auth")
public interface EdgeAuthConfig {

    /** Verified JWTs remembered, by their text. */
    @WithDefault("100000")
    long verifiedTokenCache();

    @WithDefault("5m")
    Duration verifiedTokenTtl();
}
