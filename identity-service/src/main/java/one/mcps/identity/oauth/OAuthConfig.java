package one.mcps.identity.oauth;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/** identity-service as the OAuth 2.1 authorization server of MCP clients (application.properties, mcps.oauth.*). */
@ConfigMapping(prefix = "mcps.oauth")
public interface OAuthConfig {

    /** The authorization server's issuer identifier (RFC 8414), the base of every endpoint it advertises. */
    String issuer();

    /** How long an authorization code may wait to be exchanged. */
    Duration codeTtl();

    /** How long a user has between the authorize request and the consent (the login and consent pages). */
    Duration pendingTtl();

    /** How long an OAuth refresh token lives (each refresh issues a new one). */
    Duration refreshTtl();

    /** How often expired authorization requests and codes are deleted. */
    Duration purgeInterval();

    /** The name of the cookie that binds the login and consent forms to the browser that opened them (CSRF). */
    String csrfCookie();

    DynamicRegistration dynamicRegistration();

    ClientMetadata clientMetadata();

    interface DynamicRegistration {

        /** Whether {@code POST /oauth/register} (RFC 7591) takes new clients. */
        boolean enabled();

        /** Most redirect URIs one registered client may name. */
        int maxRedirectUris();
    }

    /** Fetching Client ID Metadata Documents (a client_id that is an https URL). */
    interface ClientMetadata {

        Duration timeout();

        /** Largest document accepted; a longer answer is cut off and refused. */
        int maxBytes();

        /** How long a fetched document is used before it is fetched again. */
        Duration cacheTtl();

        /** Most documents kept in the cache. */
        long cacheSize();

        /**
         * Whether a document may live on a loopback, private or link-local address. Off in production: the URL is
         * chosen by whoever starts an authorization, so fetching it must not reach the platform's own network.
         */
        boolean allowPrivateAddresses();

        /**
         * Hosts (names or IP literals) allowed although private; a loopback host in this list may also be served
         * over plain http (development and tests only). Empty in production.
         */
        @WithName("allowed-hosts")
        Optional<List<String>> allowedHosts();

        /**
         * A PEM file of the certificate authorities documents' HTTPS certificates are checked against instead of the
         * JVM's: clients of an intranet with a CA of its own (and the e2e suite's own certificate).
         */
        Optional<String> trustCerts();
    }
}
