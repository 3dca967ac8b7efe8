package one.mcps.proxy.support;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.customizer.McpSyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import one.mcps.platform.events.EventTypes;
import one.mcps.platform.events.Topics;
import one.mcps.testing.KafkaProbe;

/** MCP clients (the Java SDK's) pointed at the proxy under test, and the tool-service stand-in's controls. */
public final class TestClients {

    private static final JacksonMcpJsonMapper JSON = new JacksonMcpJsonMapper(new ObjectMapper());

    private TestClients() {
    }

    public static String baseUrl() {
        return "http://localhost:" + RestAssured.port;
    }

    public static McpSyncClient streamable(String token, String endpoint) {
        return streamable(token, endpoint, spec -> spec);
    }

    public static McpSyncClient streamable(String token, String endpoint,
            Function<McpClient.SyncSpec, McpClient.SyncSpec> customize) {
        return streamable(() -> token, endpoint, customize);
    }

    /** A client whose every HTTP request carries the token {@code token} gives at that moment (one session). */
    public static McpSyncClient streamable(Supplier<String> token, String endpoint,
            Function<McpClient.SyncSpec, McpClient.SyncSpec> customize) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(baseUrl())
                .endpoint(endpoint).jsonMapper(JSON).openConnectionOnStartup(true)
                .httpRequestCustomizer(bearer(token)).build();
        return customize.apply(McpClient.sync(transport).requestTimeout(Duration.ofSeconds(20))).build();
    }

    public static McpSyncClient sse(String token) {
        HttpClientSseClientTransport transport = HttpClientSseClientTransport.builder(baseUrl()).sseEndpoint("/sse")
                .jsonMapper(JSON).httpRequestCustomizer(bearer(() -> token)).build();
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(20)).build();
    }

    private static McpSyncHttpClientRequestCustomizer bearer(Supplier<String> token) {
        return (builder, method, uri, body, context) -> builder.header("Authorization", "Bearer " + token.get());
    }

    public static List<String> toolNames(McpSyncClient client) {
        return client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
    }

    public static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    /**
     * An API key of {@code username} (the user id {@code TestTokens} gives that name), limited to {@code servers}
     * (null: not limited), known to the identity stand-in from now on; the key as a client sends it.
     */
    public static String apiKey(String username, String keyId, Set<String> servers, String... roles) {
        String key = "mcps_" + keyId + "_secret" + UUID.randomUUID().toString().replace("-", "");
        String owner = new JsonObject().put("user_id", UUID.nameUUIDFromBytes(username.getBytes()).toString())
                .put("username", username).put("roles", new JsonArray(List.of(roles))).put("api_key_id", keyId)
                .put("servers", servers == null ? null : new JsonArray(List.copyOf(servers))).encode();
        RestAssured.given().baseUri(stubUrl()).queryParam("key", key).body(owner).put("/stub/api-keys").then()
                .statusCode(204);
        return key;
    }

    /** Replaces what the tool-service stand-in reports as running. */
    public static void setRunning(String json) {
        RestAssured.given().baseUri(stubUrl()).body(json).put("/stub/running").then().statusCode(204);
    }

    public static int stubRequests() {
        return Integer.parseInt(RestAssured.given().baseUri(stubUrl()).get("/stub/requests").asString());
    }

    public static String stubUrl() {
        return ConfigProvider.getConfig().getValue("mcps.tools.url", String.class);
    }

    public static String everythingUrl() {
        return ConfigProvider.getConfig().getValue("mcps.test.everything-url", String.class);
    }

    public static String legacyUrl() {
        return ConfigProvider.getConfig().getValue("mcps.test.legacy-url", String.class);
    }

    public static String scriptedUrl() {
        return ConfigProvider.getConfig().getValue("mcps.test.scripted-url", String.class);
    }

    /** What the scripted upstream saw: {@code initialized}, {@code deleted}, {@code cancelled}, {@code roots_changed}. */
    public static JsonPath scriptedLog() {
        return RestAssured.given().baseUri(scriptedUrl().replace("/mcp", "")).get("/stub/log").jsonPath();
    }

    /** Makes the scripted upstream forget every session, as a restarted server (or an expired bridge session) does. */
    public static void scriptedForgetsSessions() {
        RestAssured.given().baseUri(scriptedUrl().replace("/mcp", "")).post("/stub/forget").then().statusCode(200);
    }

    /** Makes the scripted upstream refuse the next initialize with 429 and Retry-After: 5, as a full bridge does. */
    public static void scriptedRefusesNextSession() {
        RestAssured.given().baseUri(scriptedUrl().replace("/mcp", "")).post("/stub/refuse").then().statusCode(200);
    }

    /** The running list the tests start with, optionally without the operators-only {@code restricted} tool. */
    public static String standardRunning(boolean withRestricted) {
        return McpUpstreams.running(everythingUrl(), legacyUrl(), scriptedUrl(), withRestricted);
    }

    /** Sends a tool.status event as tool-service would. */
    public static void toolStatus(String tool, String transport, String state) {
        String json = "{\"tool_id\":\"" + tool + "-id\",\"tool\":\"" + tool + "\",\"transport\":\"" + transport
                + "\",\"state\":\"" + state + "\",\"previous_state\":null,\"pid\":null,\"restarts\":0,"
                + "\"reason\":\"test\",\"at\":\"" + Instant.now() + "\"}";
        KafkaProbe.send(Topics.TOOL_STATUS, tool, EventTypes.TOOL_STATUS_CHANGED, json);
    }
}
