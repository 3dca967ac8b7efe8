package one.mcps.identity.oauth;

/**
 * An OAuth error (RFC 6749 §4.1.2.1, §5.2; RFC 7591 §3.2.2; RFC 8707): its {@code error} code, a human description
 * and, for the token and registration endpoints, the HTTP status it is answered with.
 */
public class OAuthError extends RuntimeException {

    public static final String INVALID_REQUEST = "invalid_request";
    public static final String INVALID_CLIENT = "invalid_client";
    public static final String INVALID_GRANT = "invalid_grant";
    public static final String UNAUTHORIZED_CLIENT = "unauthorized_client";
    public static final String UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type";
    public static final String UNSUPPORTED_RESPONSE_TYPE = "unsupported_response_type";
    public static final String INVALID_SCOPE = "invalid_scope";
    public static final String INVALID_TARGET = "invalid_target";
    public static final String ACCESS_DENIED = "access_denied";
    public static final String INVALID_REDIRECT_URI = "invalid_redirect_uri";
    public static final String INVALID_CLIENT_METADATA = "invalid_client_metadata";

    private static final int BAD_REQUEST = 400;
    private static final int UNAUTHORIZED = 401;

    private final String error;
    private final int status;

    public OAuthError(String error, String description, int status) {
        super(description, null, false, false);
        this.error = error;
        this.status = status;
    }

    public static OAuthError of(String error, String description) {
        return new OAuthError(error, description, BAD_REQUEST);
    }

    /** RFC 6749 §5.2: a client that failed to authenticate (here: unknown, or not the one the grant belongs to). */
    public static OAuthError invalidClient(String description) {
        return new OAuthError(INVALID_CLIENT, description, UNAUTHORIZED);
    }

    public String error() {
        return error;
    }

    public String description() {
        return getMessage();
    }

    public int status() {
        return status;
    }
}
