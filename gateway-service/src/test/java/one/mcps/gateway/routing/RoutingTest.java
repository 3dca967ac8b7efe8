package one.mcps.gateway.routing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import one.mcps.gateway.FakeUpstreams;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = FakeUpstreams.class, restrictToAnnotatedClass = false)
class RoutingTest {

    @TestHTTPResource("/")
    URI gateway;

    private static String user() {
        return TestTokens.forUser("routing-" + UUID.randomUUID(), "operator");
    }

    @Test
    void forwardsWithTheCallersAuthorizationAndItsOwnForwardingHeaders() {
        String token = user();
        given().auth().oauth2(token).header("X-Forwarded-For", "203.0.113.9").queryParam("page", "2")
                .get("/api/v1/tools/fs").then()
                .statusCode(200)
                .body("path", equalTo("/api/v1/tools/fs"))
                .body("query", equalTo("page=2"))
                .body("headers.authorization", equalTo("Bearer " + token))
                .body("headers.x-forwarded-for", equalTo("127.0.0.1"))
                .body("headers.x-forwarded-proto", equalTo("http"))
                .body("headers.x-forwarded-host", notNullValue());
    }

    @Test
    void requestIdIsKeptWhenSentAndAddedOtherwise() {
        given().auth().oauth2(user()).header("X-Request-Id", "caller-chose-this").get("/api/v1/tasks").then()
                .statusCode(200)
                .header("X-Request-Id", "caller-chose-this")
                .body("headers.x-request-id", equalTo("caller-chose-this"));
        String added = given().auth().oauth2(user()).get("/api/v1/tasks").then()
                .statusCode(200)
                .header("X-Request-Id", matchesPattern("[0-9a-f]{32}"))
                .extract().header("X-Request-Id");
        given().auth().oauth2(user()).get("/api/v1/tasks").then().header("X-Request-Id", not(equalTo(added)));
    }

    @Test
    void requestBodyReachesTheUpstream() {
        given().auth().oauth2(user()).contentType("application/json").body("{\"name\":\"fs\"}")
                .post("/api/v1/tools").then()
                .statusCode(200)
                .body("method", equalTo("POST"))
                .body("body", equalTo("{\"name\":\"fs\"}"));
    }

    @Test
    void withoutATokenIs401ProblemWithWwwAuthenticate() {
        given().get("/api/v1/tools").then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .contentType("application/problem+json")
                .body("type", equalTo("https://mcps.one/problems/unauthorized"))
                .body("instance", equalTo("/api/v1/tools"));
        given().auth().oauth2("not.a.jwt").get("/api/v1/logs").then()
                .statusCode(401)
                .body("detail", containsString("not valid"));
    }

    @Test
    void upstreamDownIs503NamingTheService() {
        given().contentType("application/json").body("{\"username\":\"a\",\"password\":\"b\"}")
                .post("/api/v1/auth/login").then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", equalTo("https://mcps.one/problems/unavailable"))
                .body("detail", containsString("identity-service"));
    }

    @Test
    void slowUpstreamIs504AtTheRouteTimeout() {
        given().auth().oauth2(user()).get("/api/v1/tools/slow").then()
                .statusCode(504)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mcps.one/problems/gateway-timeout"))
                .body("detail", equalTo("tool-service did not answer within 1000 ms."));
    }

    @Test
    void oversizedBodyIs413() {
        given().auth().oauth2(user()).contentType("application/json").body("x".repeat(5000))
                .post("/api/v1/tools").then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mcps.one/problems/payload-too-large"));
    }

    @Test
    void streamedBodyOfUnknownLengthIsForwardedWhateverTheHttpVersion() throws Exception {
        for (HttpClient.Version version : HttpClient.Version.values()) {
            HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/api/v1/tools"))
                    .header("Authorization", "Bearer " + user()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(
                            () -> new java.io.ByteArrayInputStream("{\"streamed\":true}".getBytes(StandardCharsets.UTF_8))))
                    .build();
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> response = HttpClient.newBuilder().version(version).build()
                        .send(request, HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), version + ": " + response.body());
                assertTrue(response.body().contains("streamed"), version + ": " + response.body());
            }
        }
    }

    @Test
    void internalPathsAreNeverForwardedWhoeverAsksAndHoweverTheyAreSpelt() {
        String id = UUID.randomUUID().toString();
        String[] credentials = {TestTokens.service(), TestTokens.admin(), TestTokens.forUser("int-op", "operator"),
                FakeUpstreams.SCOPED_ADMIN_KEY, TestTokens.scoped("int-admin", "k-int", Set.of("fs"), "admin")};
        String[] paths = {"/internal/tools/running", "/internal/tools/fs-" + id + "/mcp",
                "/api/v1/tools/../../internal/tools/running", "/api/v1/tools/%2e%2e/%2e%2e/internal/tools/running",
                "/mcp/../internal/tools/running", "//internal/tools/running", "/internal/../internal/tools/running"};
        for (String credential : credentials) {
            for (String path : paths) {
                given().auth().oauth2(credential).urlEncodingEnabled(false).get(path).then()
                        .statusCode(404)
                        .contentType("application/problem+json");
            }
        }
        assertFalse(FakeUpstreams.RECEIVED.stream().anyMatch(p -> p.contains("internal")), FakeUpstreams.RECEIVED::toString);
    }

    @Test
    void theGatewaysOwnInternalApiIsForServiceTokensOnly() {
        given().auth().oauth2(TestTokens.service()).get("/internal/info").then().statusCode(200);
        for (String credential : new String[] {TestTokens.admin(), FakeUpstreams.SCOPED_ADMIN_KEY,
                TestTokens.scoped("info-admin", "k-info", Set.of("fs"), "admin")}) {
            given().auth().oauth2(credential).get("/internal/info").then()
                    .statusCode(403)
                    .contentType("application/problem+json");
        }
        given().get("/internal/info").then().statusCode(401);
    }

    @Test
    void sseEventsArriveAsTheyAreSent() throws Exception {
        FakeUpstreams.assertEventsArriveAsSent(HttpRequest.newBuilder(gateway.resolve("/mcp"))
                .header("Authorization", "Bearer " + user()).header("Accept", "text/event-stream").GET().build(),
                "first", "second");
    }

    @Test
    void webSocketPassesThroughToObservability() throws Exception {
        CompletableFuture<String> reply = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + user())
                .buildAsync(URI.create(gateway.toString().replace("http", "ws")).resolve("/api/v1/ws"),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                reply.complete(data.toString());
                                return null;
                            }
                        })
                .get(10, TimeUnit.SECONDS);
        socket.sendText("hello through the gateway", true);
        assertEquals("echo:hello through the gateway", reply.get(10, TimeUnit.SECONDS));
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    }

    @Test
    void corsPreflightFromTheConsoleIsAllowed() {
        given().header("Origin", "http://localhost:5173").header("Access-Control-Request-Method", "POST")
                .options("/api/v1/tools").then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", "http://localhost:5173");
    }

    @Test
    void aForwardedAnswerCarriesCorsHeadersForTheConsole() {
        given().auth().oauth2(user()).header("Origin", "http://localhost:5173").get("/api/v1/tools/fs").then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", "http://localhost:5173")
                .header("Access-Control-Expose-Headers", containsString("Mcp-Session-Id"));
    }

    @Test
    void metricsAndStatusCountRequestsPerRoute() {
        given().auth().oauth2(user()).get("/api/v1/monitoring/overview").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("mcps_gateway_requests_seconds_count{route=\"observability\""))
                .body(containsString("mcps_gateway_responses_total{route=\"observability\",status=\"200\""));
        given().auth().oauth2(TestTokens.forUser("status-viewer", "viewer")).get("/api/v1/proxy/status").then()
                .statusCode(200)
                .body("routes.name", hasItem("observability"))
                .body("routes.find { it.name == 'observability' }.upstream", equalTo("observability-service"))
                .body("routes.find { it.name == 'observability' }.requests", greaterThan(0));
        assertTrue(FakeUpstreams.RECEIVED.contains("/api/v1/monitoring/overview"));
    }
}
