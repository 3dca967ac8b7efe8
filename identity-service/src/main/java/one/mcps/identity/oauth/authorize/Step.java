package one.mcps.identity.oauth.authorize;

import java.util.Map;

/**
 * What a browser step of the authorization answers: a page (with its status and extra headers) or a redirect to
 * the client. {@code csrf}, when set, is the CSRF token the cookie must carry.
 */
public record Step(int status, String html, String redirect, Map<String, String> headers, String csrf) {

    private static final int SEE_OTHER = 303;

    public static Step page(int status, String html) {
        return new Step(status, html, null, Map.of(), null);
    }

    /**
     * A redirect to the client. 303 makes the browser follow with a GET whatever the form used (OAuth 2.1 §4.1.2
     * and §7.5.4: a 307 would repost the user's password to the client).
     */
    public static Step redirect(String location) {
        return new Step(SEE_OTHER, null, location, Map.of(), null);
    }

    public Step withCsrf(String token) {
        return new Step(status, html, redirect, headers, token);
    }

    public Step withHeaders(Map<String, String> extra) {
        return new Step(status, html, redirect, extra, csrf);
    }
}
