package one.mcps.identity.oauth;

import static io.restassured.RestAssured.given;
import static one.mcps.identity.IdentityApi.PASSWORD;
import static one.mcps.identity.IdentityApi.createUser;
import static one.mcps.identity.IdentityApi.uniqueName;
import static one.mcps.identity.oauth.OAuthBrowser.ALL_SERVERS;
import static one.mcps.identity.oauth.OAuthBrowser.PUBLIC_URL;
import static one.mcps.identity.oauth.OAuthBrowser.param;
import static one.mcps.identity.oauth.OAuthBrowser.refresh;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

/** The authorization code flow as MCP clients run it: discovery, a client, the pages, tokens, refresh, grants. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class AuthorizationCodeFlowTest {

    static final String REDIRECT = "http://127.0.0.1:33418/callback";

    static Vertx vertx;
    static HttpServer documents;
    static volatile JsonObject served;

    @Inject
    JWTParser parser;

    /** Serves client metadata documents on loopback (allowed in %test): /client.json answers {@link #served}. */
    @BeforeAll
    static void serveDocuments() throws Exception {
        vertx = Vertx.vertx();
        documents = vertx.createHttpServer().requestHandler(request -> request.response()
                .putHeader("Content-Type", "application/json").end(served == null ? "{}" : served.encode()))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static String documentUrl(String path) {
        return "http://127.0.0.1:" + documents.actualPort() + path;
    }

    static String register(String name, String... redirects) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("client_name", name, "redirect_uris", List.of(redirects),
                        "token_endpoint_auth_method", "none", "grant_types",
                        List.of("authorization_code", "refresh_token"), "logo_uri", "https://example.com/logo.png"))
                .post("/oauth/register").then().statusCode(201)
                .header("Cache-Control", "no-store")
                .body("token_endpoint_auth_method", equalTo("none"))
                .extract().path("client_id");
    }

    @Test
    void discoveryNamesEveryEndpointUnderThePublicUrl() {
        for (String path : List.of("/.well-known/oauth-authorization-server", "/.well-known/openid-configuration")) {
            given().get(path).then().statusCode(200)
                    .body("issuer", equalTo(PUBLIC_URL))
                    .body("authorization_endpoint", equalTo(PUBLIC_URL + "/oauth/authorize"))
                    .body("token_endpoint", equalTo(PUBLIC_URL + "/oauth/token"))
                    .body("registration_endpoint", equalTo(PUBLIC_URL + "/oauth/register"))
                    .body("revocation_endpoint", equalTo(PUBLIC_URL + "/oauth/revoke"))
                    .body("jwks_uri", equalTo(PUBLIC_URL + "/.well-known/jwks.json"))
                    .body("response_types_supported", equalTo(List.of("code")))
                    .body("grant_types_supported", equalTo(List.of("authorization_code", "refresh_token")))
                    .body("code_challenge_methods_supported", equalTo(List.of("S256")))
                    .body("token_endpoint_auth_methods_supported", equalTo(List.of("none")))
                    .body("scopes_supported", equalTo(List.of("mcp")))
                    .body("authorization_response_iss_parameter_supported", equalTo(true))
                    .body("client_id_metadata_document_supported", equalTo(true));
        }
    }

    @Test
    void aRegisteredClientGetsATokenBoundToItsResourceAndScopes() throws Exception {
        String user = uniqueName("olive");
        createUser(user, "operator");
        String clientId = register("Test Desktop", REDIRECT);
        OAuthBrowser browser = new OAuthBrowser();

        browser.authorize(clientId, REDIRECT.replace("33418", "50123"), Map.of("scope", "mcp:files mcp:docs",
                "resource", PUBLIC_URL + "/servers/files/mcp")).then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .body(containsString("Test Desktop")).body(containsString("http://127.0.0.1:50123"))
                .body(containsString("files"));
        browser.login(user, PASSWORD).then().statusCode(200).body(containsString("Allow"))
                .body(containsString(user));
        Response back = browser.consent("approve");
        assertEquals(303, back.statusCode());
        String location = back.header("Location");
        assertTrue(location.startsWith("http://127.0.0.1:50123/callback?"), location);
        assertEquals("state-42", param(location, "state"));
        assertEquals(PUBLIC_URL, param(location, "iss"));

        JsonPath tokens = browser.exchange(clientId, REDIRECT.replace("33418", "50123"), param(location, "code"),
                browser.verifier).then().statusCode(200).header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer")).body("scope", equalTo("mcp:files mcp:docs"))
                .extract().jsonPath();
        assertTrue(tokens.getLong("expires_in") > 0);
        String access = tokens.getString("access_token");
        JsonWebToken jwt = parser.parse(access);
        assertEquals(Set.of(PUBLIC_URL + "/servers/files/mcp"), jwt.getAudience());
        assertEquals("mcp:files mcp:docs", jwt.getClaim("scope").toString().replace("\"", ""));
        assertEquals(clientId, jwt.getClaim("client_id").toString().replace("\"", ""));
        assertTrue(jwt.containsClaim("grant_id"));
        assertFalse(jwt.containsClaim("servers"));
        assertEquals(Set.of("operator"), jwt.getGroups());
        assertEquals(user, jwt.getName());
        // aud is one string (the resource asked for), not an array.
        String payload = new String(Base64.getUrlDecoder().decode(access.split("\\.")[1]), StandardCharsets.UTF_8);
        assertEquals(PUBLIC_URL + "/servers/files/mcp", new JsonObject(payload).getString("aud"));

        // An OAuth token is an MCP credential: it may read /me, never manage keys, whatever its user's roles.
        given().auth().oauth2(access).get("/api/v1/auth/me").then().statusCode(200).body("username", equalTo(user));
        given().auth().oauth2(access).get("/api/v1/auth/api-keys").then().statusCode(403);

        // The same client again: the consent is remembered, the login goes straight back with a code.
        OAuthBrowser again = new OAuthBrowser();
        again.authorize(clientId, REDIRECT, Map.of("scope", "mcp:files")).then().statusCode(200);
        Response remembered = again.login(user, PASSWORD);
        assertEquals(303, remembered.statusCode(), remembered.asString());
        again.exchange(clientId, REDIRECT, param(remembered.header("Location"), "code"), again.verifier)
                .then().statusCode(200).body("scope", equalTo("mcp:files"));
    }

    @Test
    void refreshRotatesAndAReusedRefreshTokenRevokesTheFamily() throws Exception {
        String user = uniqueName("pavel");
        createUser(user, "viewer");
        String clientId = register("Rotating Client", REDIRECT);
        OAuthBrowser browser = new OAuthBrowser();
        JsonPath first = browser.exchange(clientId, REDIRECT, browser.code(clientId, REDIRECT, user),
                browser.verifier).then().statusCode(200).extract().jsonPath();

        JsonPath second = refresh(clientId, first.getString("refresh_token")).then().statusCode(200)
                .header("Cache-Control", "no-store").body("scope", equalTo("mcp")).extract().jsonPath();
        assertNotEquals(first.getString("refresh_token"), second.getString("refresh_token"));
        assertEquals(ALL_SERVERS, parser.parse(second.getString("access_token")).getAudience().iterator().next());
        // Narrowed to one server's endpoint on refresh.
        JsonPath narrowed = given().formParam("grant_type", "refresh_token").formParam("client_id", clientId)
                .formParam("refresh_token", second.getString("refresh_token"))
                .formParam("resource", PUBLIC_URL + "/servers/files/mcp").post("/oauth/token")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(Set.of(PUBLIC_URL + "/servers/files/mcp"),
                parser.parse(narrowed.getString("access_token")).getAudience());
        given().auth().oauth2(narrowed.getString("access_token")).get("/api/v1/auth/me").then().statusCode(200);

        // Another client may not use it; the login API does not take it either.
        refresh("someone-else", narrowed.getString("refresh_token")).then().statusCode(400)
                .body("error", equalTo("invalid_grant"));
        given().contentType(ContentType.JSON).body(Map.of("refresh_token", narrowed.getString("refresh_token")))
                .post("/api/v1/auth/refresh").then().statusCode(401);

        // The first, spent token again: the whole family is revoked, with its live access tokens.
        refresh(clientId, first.getString("refresh_token")).then().statusCode(400)
                .body("error", equalTo("invalid_grant")).header("Cache-Control", "no-store");
        refresh(clientId, narrowed.getString("refresh_token")).then().statusCode(400)
                .body("error", equalTo("invalid_grant"));
        given().auth().oauth2(narrowed.getString("access_token")).get("/api/v1/auth/me").then().statusCode(401);
    }

    @Test
    void aClientIdentifiedByItsMetadataDocumentCompletesTheFlow() throws Exception {
        String user = uniqueName("quinn");
        createUser(user, "viewer");
        String clientId = documentUrl("/client.json");
        served = new JsonObject().put("client_id", clientId).put("client_name", "Document Client")
                .put("redirect_uris", new JsonArray().add(REDIRECT)).put("token_endpoint_auth_method", "none");
        OAuthBrowser browser = new OAuthBrowser();
        browser.authorize(clientId, REDIRECT).then().statusCode(200).body(containsString("Document Client"));
        browser.login(user, PASSWORD).then().statusCode(200);
        String code = param(browser.consent("approve").header("Location"), "code");
        String access = browser.exchange(clientId, REDIRECT, code, browser.verifier).then().statusCode(200)
                .extract().path("access_token");
        assertEquals(clientId, parser.parse(access).getClaim("client_id").toString().replace("\"", ""));

        // A document that does not name itself is refused on a page, never redirected to.
        String other = documentUrl("/other.json");
        served = new JsonObject().put("client_id", clientId).put("client_name", "Impostor")
                .put("redirect_uris", new JsonArray().add(REDIRECT));
        new OAuthBrowser().authorize(other, REDIRECT).then().statusCode(400).header("Location", (String) null)
                .body(containsString("client_id is not its own URL"));

        // A document larger than the limit is cut off and refused.
        String big = documentUrl("/big.json");
        served = new JsonObject().put("client_id", big).put("client_name", "x".repeat(6000))
                .put("redirect_uris", new JsonArray().add(REDIRECT));
        new OAuthBrowser().authorize(big, REDIRECT).then().statusCode(400).header("Location", (String) null)
                .body(containsString("larger than"));
    }

    @Test
    void withdrawingAGrantEndsItsTokensAndListsItNoMore() throws Exception {
        String user = uniqueName("rosa");
        createUser(user, "viewer");
        String clientId = register("Withdrawn Client", REDIRECT);
        OAuthBrowser browser = new OAuthBrowser();
        JsonPath tokens = browser.exchange(clientId, REDIRECT, browser.code(clientId, REDIRECT, user),
                browser.verifier).then().statusCode(200).extract().jsonPath();
        String access = tokens.getString("access_token");
        String session = one.mcps.identity.IdentityApi.accessToken(user, PASSWORD);

        String grantId = given().auth().oauth2(session).get("/api/v1/auth/oauth/grants").then().statusCode(200)
                .body("client_id", hasItem(clientId)).body("client_name", hasItem("Withdrawn Client"))
                .body("[0].scopes", equalTo(List.of("mcp"))).body("[0].last_used_at", not(equalTo(null)))
                .extract().path("find { it.client_id == '" + clientId + "' }.id");
        given().auth().oauth2(session).get("/api/v1/auth/oauth/clients").then().statusCode(200)
                .body("find { it.client_id == '" + clientId + "' }.kind", equalTo("registered"))
                .body("find { it.client_id == '" + clientId + "' }.grants", equalTo(1))
                .body("find { it.client_id == '" + clientId + "' }.redirect_uris", equalTo(List.of(REDIRECT)));
        given().auth().oauth2(session).get("/api/v1/auth/oauth/clients?all=true").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/auth/oauth/grants?all=true").then()
                .statusCode(200).body("id", hasItem(grantId));
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/auth/oauth/clients?all=true").then()
                .statusCode(200).body("client_id", hasItem(clientId));
        // The OAuth token itself may not manage grants (a scoped credential).
        given().auth().oauth2(access).get("/api/v1/auth/oauth/grants").then().statusCode(403);
        given().auth().oauth2(session).delete("/api/v1/auth/oauth/grants/" + java.util.UUID.randomUUID()).then()
                .statusCode(404).contentType("application/problem+json");

        given().auth().oauth2(session).delete("/api/v1/auth/oauth/grants/" + grantId).then().statusCode(204);
        given().auth().oauth2(session).get("/api/v1/auth/oauth/grants").then().statusCode(200)
                .body("client_id", not(hasItem(clientId)));
        refresh(clientId, tokens.getString("refresh_token")).then().statusCode(400)
                .body("error", equalTo("invalid_grant"));
        given().auth().oauth2(access).get("/api/v1/auth/me").then().statusCode(401);
        // The session of the user is not affected.
        given().auth().oauth2(session).get("/api/v1/auth/me").then().statusCode(200);
    }

    @Test
    void revocationEndsARefreshFamilyAndAnAccessToken() {
        String user = uniqueName("sven");
        createUser(user, "viewer");
        String clientId = register("Revoking Client", REDIRECT);
        OAuthBrowser browser = new OAuthBrowser();
        JsonPath tokens = browser.exchange(clientId, REDIRECT, browser.code(clientId, REDIRECT, user),
                browser.verifier).then().statusCode(200).extract().jsonPath();

        given().formParam("token", tokens.getString("refresh_token")).formParam("client_id", clientId)
                .post("/oauth/revoke").then().statusCode(200);
        refresh(clientId, tokens.getString("refresh_token")).then().statusCode(400);
        // The family's access token went with it.
        given().auth().oauth2(tokens.getString("access_token")).get("/api/v1/auth/me").then().statusCode(401);
        // Unknown tokens: the same 200.
        given().formParam("token", "not-a-token").post("/oauth/revoke").then().statusCode(200);

        OAuthBrowser again = new OAuthBrowser();
        again.authorize(clientId, REDIRECT).then().statusCode(200);
        String code = param(again.login(user, PASSWORD).header("Location"), "code");
        String access = again.exchange(clientId, REDIRECT, code, again.verifier).then().statusCode(200)
                .extract().path("access_token");
        given().formParam("token", access).formParam("client_id", clientId).post("/oauth/revoke").then()
                .statusCode(200);
        given().auth().oauth2(access).get("/api/v1/auth/me").then().statusCode(401);
    }
}
