package one.mcps.platform.security;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Outbound calls to addresses users give (remote MCP servers, webhooks). */
@ConfigMapping(prefix = "mcps.outbound")
public interface OutboundConfig {

    /**
     * Targets allowed although private, loopback or link-local: host names, IP addresses or CIDR blocks. Admins add
     * more at runtime with the setting {@value OutboundTargets#SETTING}.
     */
    Optional<List<String>> allowedTargets();
}
