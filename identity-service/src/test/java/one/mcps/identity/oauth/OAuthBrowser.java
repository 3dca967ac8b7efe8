package one.mcps.identity.oauth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.response.Response;
import one.mcps.identity.IdentityApi;

/**
 * A browser without JavaScript driving the authorization pages (form posts, the CSRF cookie, no redirects
 * followed), and the client's side of PKCE.
 */
final class OAuthBrowser {

    static final String COOKIE = "mcps_oauth_csrf";
    static final String PUBLIC_URL = "http://localhost:8080";
    static final String ALL_SERVERS = PUBLIC_URL + "/mcp";

    private static final Pattern HIDDEN = Pattern.compile("name=\"(request|csrf)\" value=\"([^\"]*)\"");

    final String address = IdentityApi.randomAddress();
    final String verifier = verifier();
    String cookie;
    String request;
    String csrf;

    static String verifier() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** GET /oauth/authorize with the usual parameters, {@code extra} added or overriding (null removes one). */
    Response authorize(String clientId, String redirectUri, Map<String, String> extra) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", clientId);
        params.put("redirect_uri", redirectUri);
        params.put("code_challenge", Pkce.challenge(verifier));
        params.put("code_challenge_method", "S256");
        params.put("state", "state-42");
        params.put("resource", ALL_SERVERS);
        params.putAll(extra);
        params.values().removeIf(v -> v == null);
        Response page = given().redirects().follow(false).queryParams(params).get("/oauth/authorize");
        String set = page.getCookie(COOKIE);
        if (set != null) {
            cookie = set;
        }
        readForm(page);
        return page;
    }

    Response authorize(String clientId, String redirectUri) {
        return authorize(clientId, redirectUri, Map.of());
    }

    Response login(String username, String password) {
        Response page = given().redirects().follow(false).header("X-Forwarded-For", address)
                .cookie(COOKIE, cookie == null ? "" : cookie)
                .formParam("request", request).formParam("csrf", csrf)
                .formParam("username", username).formParam("password", password)
                .post("/oauth/login");
        readForm(page);
        return page;
    }

    Response consent(String decision) {
        return given().redirects().follow(false).header("X-Forwarded-For", address)
                .cookie(COOKIE, cookie == null ? "" : cookie)
                .formParam("request", request).formParam("csrf", csrf).formParam("decision", decision)
                .post("/oauth/consent");
    }

    /** The whole browser part for a user who has not consented yet: answers the code. */
    String code(String clientId, String redirectUri, String username) {
        authorize(clientId, redirectUri).then().statusCode(200);
        login(username, IdentityApi.PASSWORD).then().statusCode(200);
        Response back = consent("approve");
        assertEquals(303, back.statusCode(), back.asString());
        return param(back.header("Location"), "code");
    }

    Response exchange(String clientId, String redirectUri, String code, String codeVerifier) {
        return given().formParam("grant_type", "authorization_code").formParam("client_id", clientId)
                .formParam("redirect_uri", redirectUri).formParam("code", code)
                .formParam("code_verifier", codeVerifier).post("/oauth/token");
    }

    static Response refresh(String clientId, String refreshToken) {
        return given().formParam("grant_type", "refresh_token").formParam("client_id", clientId)
                .formParam("refresh_token", refreshToken).post("/oauth/token");
    }

    static String param(String location, String name) {
        assertNotNull(location, "no Location");
        String query = URI.create(location).getRawQuery();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private void readForm(Response page) {
        Matcher hidden = HIDDEN.matcher(page.asString());
        while (hidden.find()) {
            if (hidden.group(1).equals("request")) {
                request = hidden.group(2);
            } else {
                csrf = hidden.group(2);
            }
        }
    }
}
