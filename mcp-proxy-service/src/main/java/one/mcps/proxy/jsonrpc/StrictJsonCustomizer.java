package one.mcps.proxy.jsonrpc;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * The REST API's bodies (unified and http calls, agent plans, sessions) are clients' messages too: Quarkus's mapper
 * reads them by {@link StrictJson}'s rule, as the MCP routes do.
 */
@Singleton
public class StrictJsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        StrictJson.apply(mapper);
    }
}
