package one.mcps.gateway.oauth;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;

/** The gateway's part of OAuth for MCP clients ({@code mcps.gateway.oauth.*}). */
@ConfigMapping(prefix = "mcps.gateway.oauth")
public interface OAuthConfig {

    /** Vert.x route paths any origin may call (see {@link OpenCors}). */
    List<String> openCorsPaths();

    /** The request headers a preflight of those paths allows. */
    String openCorsHeaders();

    /** How long a browser may keep such a preflight's answer. */
    Duration openCorsMaxAge();
}
