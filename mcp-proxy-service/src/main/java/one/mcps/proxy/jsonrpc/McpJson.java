package one.mcps.proxy.jsonrpc;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.vertx.core.json.JsonObject;

/**
 * JSON of the MCP wire. MCP names its fields in camelCase, so this mapper is deliberately not the application's
 * (which writes snake_case for the REST API).
 */
@ApplicationScoped
public class McpJson {

    private final ObjectMapper mapper = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private final McpJsonMapper sdkMapper = new JacksonMcpJsonMapper(mapper);

    public McpJsonMapper sdk() {
        return sdkMapper;
    }

    /** An SDK record as a JSON object of the wire. */
    @SuppressWarnings("unchecked")
    public JsonObject toJson(Object value) {
        return value == null ? new JsonObject() : new JsonObject(mapper.convertValue(value, Map.class));
    }

    /** Wire JSON as an SDK record; unknown fields are ignored, as the spec asks of receivers. */
    public <T> T fromJson(JsonObject json, Class<T> type) {
        return mapper.convertValue(json == null ? Map.of() : json.getMap(), type);
    }
}
