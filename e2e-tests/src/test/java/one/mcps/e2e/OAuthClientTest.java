package one.mcps.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.response.Response;

/**
 * Issue 19's proof: an MCP client adds MCPS.ONE by URL alone. The official TypeScript SDK's OAuth support discovers
 * the authorization server from the gateway's protected-resource metadata, registers (Dynamic Client Registration;
 * a Client ID Metadata Document it serves over HTTPS), and headless Chromium signs in and consents on
 * identity-service's pages; the client then lists and calls tools through the gateway, refreshes its token, and is
 * refused once the user revoked the grant. The pages' screenshots go to {@code e2e-tests/target/figures}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OAuthClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "oauth-olga";
    private static final String PASSWORD = "Olga-e2e-password-1";
    private static final Duration START_DEADLINE = Duration.ofSeconds(90);

    private final Path tls = Path.of("target/oauth-tls").toAbsolutePath();
    private final E2eStack stack = new E2eStack(Map.of(
            // The client's metadata document is served on loopback with a certificate of this suite's own.
            "MCPS_OAUTH_CLIENT_METADATA_ALLOWED_HOSTS", "127.0.0.1",
            "MCPS_OAUTH_CLIENT_METADATA_TRUST_CERTS", tls.resolve("cert.pem").toString()));
    private final Api api = new Api(stack.gatewayUrl());
    private final String publicUrl = "http://localhost:" + stack.gatewayPort;

    @BeforeAll
    void bringUp() throws Exception {
        selfSignedCertificate();
        stack.startFresh();
        String admin = api.login("admin", stack.adminPassword);
        api.createUser(admin, USER, PASSWORD, "operator");
        Path bin = stack.root.resolve("deploy/npm/node_modules/.bin");
        Api.expect(api.as(admin).body(Map.of("name", "everything", "transport", "stdio",
                "command", bin.resolve("mcp-server-everything").toString(), "args", List.of("stdio")))
                .post("/api/v1/tools"), 201, "POST /api/v1/tools everything");
        Api.expect(api.as(admin).post("/api/v1/tools/everything/start"), 202, "start everything");
        Eventually.until("everything is running", START_DEADLINE, () -> {
            Response s = api.as(admin).get("/api/v1/tools/everything/status");
            return "running".equals(s.jsonPath().getString("state")) ? null : s.asString();
        });
    }

    @AfterAll
    void tearDown() {
        System.out.println(stack.down().stdout());
    }

    @Test
    void aClientRegisteredDynamicallySignsInUsesToolsRefreshesAndIsRefusedAfterRevocation() throws Exception {
        JsonNode r = dance("dcr", "/mcp", Map.of("tool", "everything__echo",
                "arguments", Map.of("message", "hello over OAuth")));
        assertTrue(r.path("client_id").asText().length() > 10, "a client id from registration: " + r);
        assertFlow(r, publicUrl + "/mcp", "mcp");
        assertTrue(r.path("tools").toString().contains("everything__echo"), "tools/list: " + r.path("tools"));
        assertTrue(r.path("call_text").asText().contains("hello over OAuth"), "the call's text: " + r);
    }

    @Test
    void aClientIdentifiedByItsMetadataDocumentGetsATokenForOneServer() throws Exception {
        JsonNode r = dance("metadata-document", "/servers/everything/mcp",
                Map.of("tool", "echo", "arguments", Map.of("message", "one server")));
        assertTrue(r.path("client_id").asText().startsWith("https://127.0.0.1:"), "the document's URL: " + r);
        assertFlow(r, publicUrl + "/servers/everything/mcp", "mcp:everything");
        assertTrue(r.path("call_text").asText().contains("one server"), "the call's text: " + r);
    }

    private void assertFlow(JsonNode r, String resource, String scope) {
        JsonNode asked = r.path("authorization");
        assertEquals("S256", asked.path("code_challenge_method").asText(), "PKCE method: " + asked);
        assertEquals(resource, asked.path("resource").asText(), "the resource indicator: " + asked);
        assertTrue(r.path("login_page").asText().contains("MCPS.ONE e2e OAuth client"),
                "the login page names the client: " + r.path("login_page"));
        assertTrue(r.path("consent_page").asText().contains("127.0.0.1"),
                "the consent page shows the redirect host: " + r.path("consent_page"));
        JsonNode redirect = r.path("redirect");
        assertTrue(redirect.path("has_code").asBoolean() && redirect.path("state_kept").asBoolean(),
                "the redirect: " + redirect);
        assertEquals(publicUrl, redirect.path("iss").asText(), "RFC 9207 iss: " + redirect);
        JsonNode token = r.path("token");
        assertEquals(resource, token.path("aud").isArray() ? token.path("aud").get(0).asText()
                : token.path("aud").asText(), "the token's audience: " + token);
        assertEquals(scope, token.path("scope").asText(), "the token's scope: " + token);
        assertTrue(token.path("has_refresh_token").asBoolean(), "a refresh token: " + token);
        assertTrue(r.path("refreshed").path("new_access_token").asBoolean()
                && r.path("refreshed").path("new_refresh_token").asBoolean(), "the refresh rotates: " + r);
        assertTrue(r.path("tools_after_refresh").asInt() > 0, "tools after the refresh: " + r);
        assertTrue(r.path("grant_listed").asBoolean(), "the grant in GET /api/v1/auth/oauth/grants: " + r);
        assertEquals(204, r.path("grant_revoke_status").asInt(), "DELETE the grant: " + r);
        assertEquals("refused", r.path("after_revoke").asText(), "the access token after revocation: " + r);
        assertTrue(r.path("refresh_after_revoke").asText().startsWith("refused"),
                "the refresh token after revocation: " + r);
    }

    private JsonNode dance(String registration, String path, Map<String, Object> call) throws IOException {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("url", publicUrl + path);
        plan.put("gateway", publicUrl);
        plan.put("username", USER);
        plan.put("password", PASSWORD);
        plan.put("registration", registration);
        plan.put("tls", Map.of("key", tls.resolve("key.pem").toString(), "cert", tls.resolve("cert.pem").toString()));
        plan.put("call", call);
        plan.put("screenshots", Path.of("target/figures", registration).toAbsolutePath().toString());
        plan.put("chromium", "/usr/bin/chromium");
        Path script = stack.root.resolve("e2e-tests/src/test/node/oauth-client.mjs");
        Processes.Result r = Processes.run(List.of("node", script.toString()), script.getParent(),
                Map.of("MCPS_E2E_OAUTH", JSON.writeValueAsString(plan)), Duration.ofMinutes(3));
        if (r.exitCode() != 0) {
            throw new AssertionError("the OAuth client (" + registration + ") failed: " + r.describe());
        }
        return JSON.readTree(r.stdout().strip());
    }

    private void selfSignedCertificate() throws IOException {
        Files.createDirectories(tls);
        Processes.Result r = Processes.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", tls.resolve("key.pem").toString(), "-out", tls.resolve("cert.pem").toString()),
                tls, Map.of(), Duration.ofSeconds(60));
        if (r.exitCode() != 0) {
            throw new AssertionError("openssl could not make the test certificate: " + r.describe());
        }
    }
}
