package one.mcps.identity.oauth;

import java.net.URI;

import jakarta.inject.Singleton;

/** The issuer identifier (RFC 8414 {@code issuer}, RFC 9207 {@code iss}) without a trailing slash. */
@Singleton
public class OAuthIssuer {

    private final String value;

    public OAuthIssuer(OAuthConfig config) {
        String issuer = config.issuer().trim();
        this.value = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }

    public String value() {
        return value;
    }

    /** The path the issuer's endpoints live under ({@code /oauth} below the issuer's own path). */
    public String oauthPath() {
        String path = URI.create(value).getRawPath();
        return (path == null ? "" : path) + "/oauth";
    }

    public boolean isHttps() {
        return value.regionMatches(true, 0, "https:", 0, "https:".length());
    }
}
