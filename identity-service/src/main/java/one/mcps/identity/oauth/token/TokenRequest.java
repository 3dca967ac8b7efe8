package one.mcps.identity.oauth.token;

import one.mcps.identity.oauth.OAuthError;

/** The form fields of {@code POST /oauth/token}, as given. */
public record TokenRequest(String grantType, String code, String redirectUri, String clientId, String codeVerifier,
        String refreshToken, String scope, String resource) {

    static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw OAuthError.of(OAuthError.INVALID_REQUEST, name + " is missing.");
        }
        return value;
    }
}
