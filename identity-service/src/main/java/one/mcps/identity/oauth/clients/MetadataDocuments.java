package one.mcps.identity.oauth.clients;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.net.SocketAddress;
import io.vertx.mutiny.core.streams.WriteStream;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.ext.web.codec.BodyCodec;
import one.mcps.identity.oauth.OAuthConfig;
import one.mcps.identity.oauth.OAuthError;

/**
 * Client ID Metadata Documents (MCP authorization): a client_id that is an https URL names a JSON document with the
 * client's name and redirect URIs. It is fetched without following redirects, within a time and size limit, from an
 * address checked by {@link MetadataDocumentAddresses}, must name itself in {@code client_id}, and is cached.
 */
@ApplicationScoped
public class MetadataDocuments {

    private static final int HTTP_OK = 200;
    private static final int DEFAULT_HTTPS_PORT = 443;
    private static final int DEFAULT_HTTP_PORT = 80;
    private static final String NONE = "none";
    /** Documents are small and fetched once per cache period; a few connections are plenty. */
    private static final int MAX_CONNECTIONS = 4;

    private final OAuthConfig.ClientMetadata config;
    private final int maxRedirectUris;
    private final MetadataDocumentAddresses addresses;
    private final ObjectMapper json;
    private final WebClient web;
    private final Cache<String, ClientInfo> cache;

    public MetadataDocuments(OAuthConfig config, MetadataDocumentAddresses addresses, ObjectMapper json,
            Vertx vertx) {
        this.config = config.clientMetadata();
        this.maxRedirectUris = config.dynamicRegistration().maxRedirectUris();
        this.addresses = addresses;
        this.json = json;
        // The connection goes to an address checked beforehand, the TLS server name and certificate check stay the
        // URL's host: SNI is sent even though the connection is made to an IP address.
        WebClientOptions options = new WebClientOptions().setFollowRedirects(false)
                .setUserAgent("MCPS.ONE identity-service").setMaxPoolSize(MAX_CONNECTIONS)
                .setForceSni(true).setVerifyHost(true)
                .setConnectTimeout((int) this.config.timeout().toMillis());
        this.config.trustCerts().ifPresent(path -> options.setTrustOptions(new PemTrustOptions().addCertPath(path)));
        this.web = WebClient.create(vertx, options);
        this.cache = Caffeine.newBuilder().expireAfterWrite(this.config.cacheTtl())
                .maximumSize(this.config.cacheSize()).build();
    }

    @PreDestroy
    void close() {
        web.close();
    }

    /** Whether {@code clientId} is meant as a metadata document URL rather than a registered client's id. */
    public static boolean isUrl(String clientId) {
        String lower = clientId.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    public Uni<ClientInfo> find(String clientId) {
        ClientInfo cached = cache.getIfPresent(clientId);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        URI url;
        try {
            url = checkedUrl(clientId);
        } catch (OAuthError e) {
            return Uni.createFrom().failure(e);
        }
        return addresses.resolve(url.getHost())
                .chain(address -> fetch(url, address))
                .map(body -> parse(clientId, body))
                .invoke(info -> cache.put(clientId, info));
    }

    /**
     * The URL rules of client ID metadata documents: https with a host and a path, no fragment, no user info, no dot
     * segments. Plain http only for an allow-listed loopback host (tests, development).
     */
    private URI checkedUrl(String clientId) {
        URI url;
        try {
            url = new URI(clientId);
        } catch (URISyntaxException e) {
            throw refused("the client_id is not a valid URL");
        }
        if (url.getHost() == null || url.getRawUserInfo() != null || url.getRawFragment() != null) {
            throw refused("the client_id URL must have a host and no user info or fragment");
        }
        String path = url.getRawPath();
        if (path == null || path.isEmpty() || path.equals("/") || path.contains("/./") || path.contains("/../")
                || path.endsWith("/.") || path.endsWith("/..")) {
            throw refused("the client_id URL must have a path without dot segments");
        }
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        if (!https && !(addresses.isAllowedHost(url.getHost()) && isLoopback(url.getHost()))) {
            throw refused("the client_id URL must use https");
        }
        return url;
    }

    private Uni<String> fetch(URI url, InetAddress address) {
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : https ? DEFAULT_HTTPS_PORT : DEFAULT_HTTP_PORT;
        String pathAndQuery = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        // The host stays the URL's (Host header, TLS server name and certificate check); the connection goes to the
        // address that was checked.
        RequestOptions options = new RequestOptions().setHost(url.getHost()).setPort(port).setSsl(https)
                .setURI(pathAndQuery).setFollowRedirects(false).setTimeout(config.timeout().toMillis());
        BoundedBody body = new BoundedBody(config.maxBytes());
        return web.request(HttpMethod.GET, SocketAddress.inetSocketAddress(port, address.getHostAddress()), options)
                .putHeader("Accept", "application/json")
                .as(BodyCodec.pipe(WriteStream.newInstance(body)))
                .send()
                .onFailure().transform(failure -> failure instanceof BoundedBody.TooLarge
                        || failure.getCause() instanceof BoundedBody.TooLarge
                                ? refused("the document is larger than " + config.maxBytes() + " bytes")
                                : refused("fetching it failed (" + failure.getClass().getSimpleName() + ")"))
                .map(response -> answered(response, body));
    }

    private String answered(HttpResponse<Void> response, BoundedBody body) {
        if (response.statusCode() != HTTP_OK) {
            throw refused("its URL answered HTTP " + response.statusCode());
        }
        return body.collected().toString();
    }

    private ClientInfo parse(String clientId, String body) {
        JsonNode document;
        try {
            document = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw refused("it is not JSON");
        }
        if (document == null || !document.isObject()) {
            throw refused("it is not a JSON object");
        }
        JsonNode named = document.get("client_id");
        if (named == null || !named.isTextual() || !named.textValue().equals(clientId)) {
            throw refused("its client_id is not its own URL");
        }
        JsonNode method = document.get("token_endpoint_auth_method");
        if (method != null && !(method.isTextual() && NONE.equals(method.textValue()))) {
            throw refused("its token_endpoint_auth_method must be 'none' (this server serves public clients only)");
        }
        List<String> redirects;
        try {
            redirects = ClientRegistrations.redirectUris(document.get("redirect_uris"), maxRedirectUris);
        } catch (OAuthError e) {
            throw refused(e.description());
        }
        JsonNode name = document.get("client_name");
        String clientName = name != null && name.isTextual() && !name.textValue().isBlank()
                ? cut(name.textValue().strip()) : URI.create(clientId).getHost();
        return new ClientInfo(clientId, clientName, redirects);
    }

    private static String cut(String name) {
        return name.length() > ClientRegistrations.MAX_NAME_LENGTH
                ? name.substring(0, ClientRegistrations.MAX_NAME_LENGTH) : name;
    }

    private static boolean isLoopback(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return bare.equals("127.0.0.1") || bare.equals("::1") || bare.equalsIgnoreCase("localhost");
    }

    private static OAuthError refused(String why) {
        return OAuthError.of(OAuthError.INVALID_CLIENT, "The client's metadata document is not usable: " + why + ".");
    }
}
