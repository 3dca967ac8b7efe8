package one.mcps.identity.oauth;

import static io.restassured.RestAssured.given;
import static one.mcps.identity.IdentityApi.PASSWORD;
import static one.mcps.identity.IdentityApi.createUser;
import static one.mcps.identity.IdentityApi.uniqueName;
import static one.mcps.identity.oauth.AuthorizationCodeFlowTest.REDIRECT;
import static one.mcps.identity.oauth.AuthorizationCodeFlowTest.register;
import static one.mcps.identity.oauth.OAuthBrowser.PUBLIC_URL;
import static one.mcps.identity.oauth.OAuthBrowser.param;
import static one.mcps.identity.oauth.OAuthBrowser.refresh;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import one.mcps.identity.oauth.clients.DynamicRegistrationSwitch;
import one.mcps.platform.config.RuntimeSettings;
import one.mcps.testing.LocalStackResource;

/** Every refusal answers the right error, in the right form, and leaves nothing usable behind. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class OAuthRefusalsTest {

    @Inject
    RuntimeSettings settings;

    @Test
    void aWrongVerifierBurnsTheCodeAndIssuesNothing() {
        String user = uniqueName("tara");
        createUser(user, "viewer");
        String clientId = register("PKCE Client", REDIRECT);
        OAuthBrowser browser = new OAuthBrowser();
        String code = browser.code(clientId, REDIRECT, user);

        browser.exchange(clientId, REDIRECT, code, OAuthBrowser.verifier()).then().statusCode(400)
                .contentType(ContentType.JSON).header("Cache-Control", "no-store")
                .body("error", equalTo("invalid_grant")).body("error_description", containsString("code_verifier"))
                .body("access_token", nullValue());
        // The code is spent: the right verifier now gets nothing either.
        browser.exchange(clientId, REDIRECT, code, browser.verifier).then().statusCode(400)
                .body("error", equalTo("invalid_grant"));
    }

    @Test
    void aReusedCodeIsRefusedAndRevokesWhatItWasTradedFor() {
        String user = uniqueName("uma");
        createUser(user, "viewer");
        String clientId = register("Replayed Client", REDIRECT);
        OAuthBrowser browser = new OAuthBrowser();
        String code = browser.code(clientId, REDIRECT, user);
        JsonPath tokens = browser.exchange(clientId, REDIRECT, code, browser.verifier).then().statusCode(200)
                .extract().jsonPath();
        given().auth().oauth2(tokens.getString("access_token")).get("/api/v1/auth/me").then().statusCode(200);

        browser.exchange(clientId, REDIRECT, code, browser.verifier).then().statusCode(400)
                .body("error", equalTo("invalid_grant")).body("error_description", containsString("already used"));
        refresh(clientId, tokens.getString("refresh_token")).then().statusCode(400)
                .body("error", equalTo("invalid_grant"));
        given().auth().oauth2(tokens.getString("access_token")).get("/api/v1/auth/me").then().statusCode(401);
    }

    @Test
    void aRedirectUriThatDoesNotMatchIsAPageNeverARedirect() {
        String clientId = register("Strict Client", "https://app.example.com/callback");
        OAuthBrowser browser = new OAuthBrowser();
        for (String wrong : List.of("https://app.example.com/callback/../evil", "https://evil.example.com/callback",
                "https://app.example.com/callback?x=1", "http://127.0.0.1:1234/callback")) {
            browser.authorize(clientId, wrong).then().statusCode(400).header("Location", nullValue())
                    .contentType(containsString("text/html"))
                    .body(containsString("redirect_uri is not one the client registered"));
        }
        browser.authorize(clientId, null, mapOf("redirect_uri", null)).then().statusCode(400)
                .header("Location", nullValue());
        browser.authorize("no-such-client", REDIRECT).then().statusCode(400).header("Location", nullValue())
                .body(containsString("Unknown client_id"));

        // At the token endpoint: the code was issued for another redirect URI.
        String user = uniqueName("vera");
        createUser(user, "viewer");
        String loopback = register("Loopback Client", REDIRECT);
        OAuthBrowser flow = new OAuthBrowser();
        String code = flow.code(loopback, REDIRECT, user);
        flow.exchange(loopback, REDIRECT.replace("33418", "33419"), code, flow.verifier).then().statusCode(400)
                .body("error", equalTo("invalid_grant")).body("error_description", containsString("redirect_uri"));
    }

    @Test
    void errorsAfterTheRedirectIsTrustedGoBackToTheClient() {
        String clientId = register("Sloppy Client", REDIRECT);
        OAuthBrowser browser = new OAuthBrowser();
        assertRedirectError(browser.authorize(clientId, REDIRECT, Map.of("code_challenge_method", "plain")),
                "invalid_request", "S256");
        assertRedirectError(browser.authorize(clientId, REDIRECT, mapOf("code_challenge", null)),
                "invalid_request", "code_challenge");
        assertRedirectError(browser.authorize(clientId, REDIRECT, Map.of("response_type", "token")),
                "unsupported_response_type", "code");
        assertRedirectError(browser.authorize(clientId, REDIRECT, mapOf("resource", null)), "invalid_target",
                "resource");
        assertRedirectError(browser.authorize(clientId, REDIRECT, Map.of("resource", "https://elsewhere.example/mcp")),
                "invalid_target", "resource");
        assertRedirectError(browser.authorize(clientId, REDIRECT, Map.of("scope", "admin")), "invalid_scope",
                "admin");
        assertRedirectError(browser.authorize(clientId, REDIRECT, Map.of("scope", "mcp:docs",
                "resource", PUBLIC_URL + "/servers/files/mcp")), "invalid_scope", "server");
    }

    @Test
    void aMetadataDocumentOnAPrivateAddressIsRefusedWithoutFetching() {
        for (String url : List.of("https://10.0.0.1/client.json", "https://192.168.1.20/client.json",
                "https://169.254.169.254/latest/client.json", "https://[fd00::1]/client.json",
                "https://100.64.0.1/client.json")) {
            new OAuthBrowser().authorize(url, REDIRECT).then().statusCode(400).header("Location", nullValue())
                    .body(containsString("loopback, private or link-local"));
        }
        new OAuthBrowser().authorize("http://10.0.0.1/client.json", REDIRECT).then().statusCode(400)
                .body(containsString("must use https"));
        new OAuthBrowser().authorize("https://client.example.com/", REDIRECT).then().statusCode(400)
                .body(containsString("path"));
    }

    @Test
    void registrationRefusesBadMetadataAndCanBeTurnedOff() {
        given().contentType(ContentType.JSON).body(Map.of("client_name", "No Redirects")).post("/oauth/register")
                .then().statusCode(400).body("error", equalTo("invalid_redirect_uri"));
        given().contentType(ContentType.JSON).body(Map.of("client_name", "Plain",
                "redirect_uris", List.of("http://app.example.com/cb"))).post("/oauth/register")
                .then().statusCode(400).body("error", equalTo("invalid_redirect_uri"))
                .body("error_description", containsString("loopback"));
        given().contentType(ContentType.JSON).body(Map.of("client_name", "Script",
                "redirect_uris", List.of("javascript:alert(1)"))).post("/oauth/register")
                .then().statusCode(400).body("error", equalTo("invalid_redirect_uri"));
        given().contentType(ContentType.JSON).body(Map.of("client_name", "Confidential",
                "redirect_uris", List.of(REDIRECT), "token_endpoint_auth_method", "client_secret_basic"))
                .post("/oauth/register").then().statusCode(400).body("error", equalTo("invalid_client_metadata"));
        given().contentType(ContentType.JSON).body("{not json").post("/oauth/register")
                .then().statusCode(400).body("error", equalTo("invalid_client_metadata"));
        // Native apps' private-use schemes are fine (RFC 8252 §7.1).
        given().contentType(ContentType.JSON).body(Map.of("client_name", "Editor",
                "redirect_uris", List.of("cursor://anysphere.cursor-retrieval/oauth/callback")))
                .post("/oauth/register").then().statusCode(201);

        change("false");
        try {
            given().contentType(ContentType.JSON).body(Map.of("client_name", "Late",
                    "redirect_uris", List.of(REDIRECT))).post("/oauth/register")
                    .then().statusCode(403).contentType(ContentType.JSON).body("error", equalTo("access_denied"))
                    .body("error_description", containsString("turned off"));
            given().get("/.well-known/oauth-authorization-server").then().statusCode(200)
                    .body("registration_endpoint", nullValue())
                    .body("client_id_metadata_document_supported", equalTo(true));
        } finally {
            change("true");
        }
        given().get("/.well-known/oauth-authorization-server").then()
                .body("registration_endpoint", equalTo(PUBLIC_URL + "/oauth/register"));
    }

    @Test
    void theLoginFormChecksItsCsrfTokenItsPasswordAndItsThrottle() {
        String user = uniqueName("wanda");
        createUser(user, "viewer");
        String clientId = register("Guarded Client", REDIRECT);
        OAuthBrowser browser = new OAuthBrowser();
        browser.authorize(clientId, REDIRECT).then().statusCode(200)
                .cookie(OAuthBrowser.COOKIE, not(equalTo(null)));

        String cookie = browser.cookie;
        browser.cookie = OAuthBrowser.verifier().substring(0, 43);
        browser.login(user, PASSWORD).then().statusCode(400).body(containsString("could not be verified"));
        browser.cookie = null;
        browser.login(user, PASSWORD).then().statusCode(400);
        browser.cookie = cookie;

        browser.login(user, "wrong password").then().statusCode(401).contentType(containsString("text/html"))
                .body(containsString("username or password is wrong")).body(containsString(user));
        for (int i = 0; i < 4; i++) {
            browser.login(user, "wrong password").then().statusCode(401);
        }
        browser.login(user, PASSWORD).then().statusCode(429).header("Retry-After", not(equalTo(null)))
                .body(containsString("Try again in"));
        given().auth().oauth2(one.mcps.testing.TestTokens.admin()).post("/api/v1/users/"
                + userId(user) + "/unlock").then().statusCode(204);
        browser.login(user, PASSWORD).then().statusCode(200).body(containsString("Allow"));

        Response denied = browser.consent("deny");
        assertRedirectError(denied, "access_denied", "denied");
        // The request is finished: its form cannot be posted again.
        browser.consent("approve").then().statusCode(400);
    }

    @Test
    void theTokenEndpointAnswersRfc6749Errors() {
        given().formParam("grant_type", "password").formParam("username", "a").post("/oauth/token").then()
                .statusCode(400).header("Cache-Control", "no-store").body("error", equalTo("unsupported_grant_type"));
        given().formParam("grant_type", "authorization_code").formParam("client_id", "x").post("/oauth/token")
                .then().statusCode(400).body("error", equalTo("invalid_request"));
        given().formParam("grant_type", "authorization_code").formParam("client_id", "x").formParam("code", "nope")
                .formParam("redirect_uri", REDIRECT).formParam("code_verifier", OAuthBrowser.verifier())
                .post("/oauth/token").then().statusCode(400).body("error", equalTo("invalid_grant"));
        given().formParam("grant_type", "refresh_token").formParam("client_id", "x")
                .formParam("refresh_token", "nope").formParam("client_secret", "s").post("/oauth/token").then()
                .statusCode(401).body("error", equalTo("invalid_client"));
        given().post("/oauth/revoke").then().statusCode(400).body("error", equalTo("invalid_request"));
        // A token request as JSON is told so in RFC 6749's terms, not with the platform's 415 problem.
        given().contentType("application/json").body("{\"grant_type\":\"refresh_token\"}").post("/oauth/token")
                .then().statusCode(400).contentType("application/json").header("Cache-Control", "no-store")
                .body("error", equalTo("invalid_request"))
                .body("error_description", containsString("application/x-www-form-urlencoded"));
    }

    private static String userId(String username) {
        return given().auth().oauth2(one.mcps.testing.TestTokens.admin()).queryParam("search", username)
                .get("/api/v1/users").then().statusCode(200).extract().path("items[0].id");
    }

    private static void assertRedirectError(Response response, String error, String describes) {
        assertEquals(303, response.statusCode(), response.asString());
        String location = response.header("Location");
        assertTrue(location.startsWith(REDIRECT + "?"), location);
        assertEquals(error, param(location, "error"));
        assertTrue(param(location, "error_description").contains(describes), param(location, "error_description"));
        assertEquals("state-42", param(location, "state"));
        assertEquals(PUBLIC_URL, param(location, "iss"));
    }

    private static Map<String, String> mapOf(String key, String value) {
        Map<String, String> map = new HashMap<>();
        map.put(key, value);
        return map;
    }

    private void change(String jsonValue) {
        settings.onChange(Message.of("{\"setting_key\":\"" + DynamicRegistrationSwitch.SETTING + "\",\"value\":"
                + jsonValue + ",\"changed_by\":\"test\",\"at\":\"2026-01-01T00:00:00Z\"}")).await().indefinitely();
    }
}
