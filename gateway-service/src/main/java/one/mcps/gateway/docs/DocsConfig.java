package one.mcps.gateway.docs;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Fetching the services' OpenAPI documents ({@code mcps.gateway.docs.*}). */
@ConfigMapping(prefix = "mcps.gateway.docs")
public interface DocsConfig {

    @WithDefault("5s")
    Duration timeout();

    /** How long a fetched document is served before it is fetched again. */
    @WithDefault("60s")
    Duration cacheTtl();
}
