package one.mcps.platform.json;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * REST bodies are clients' messages too: Quarkus's mapper reads them by {@link StrictJson}'s rule in every service,
 * as mcp-proxy's MCP routes and the gateway's counting do.
 */
@Singleton
public class StrictJsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        StrictJson.apply(mapper);
    }
}
