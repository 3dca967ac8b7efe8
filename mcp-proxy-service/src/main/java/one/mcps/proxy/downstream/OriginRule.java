package one.mcps.proxy.downstream;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;
import one.mcps.platform.security.AddressRange;
import one.mcps.proxy.config.ProxyConfig;

/**
 * Which browser origins may call the MCP endpoints (DNS-rebinding protection, as the spec requires): those listed in
 * {@code allowed-origins}; the origin the request was sent to (a page of the deployment's own origin); and a loopback
 * origin on a loopback connection (a local client on the developer's machine). On a loopback connection a
 * non-loopback origin, even one equal to the request's Host, is refused unless listed: that is exactly what a
 * rebinding attack looks like (a foreign name resolved to 127.0.0.1).
 *
 * <p>Behind the gateway the connection is the gateway's: what it says of the client ({@code X-Forwarded-For},
 * {@code -Host}, {@code -Proto}, which it sets itself) is believed only from a peer in {@code trusted-proxies}.
 */
final class OriginRule {

    private final List<String> allowed;
    private final List<AddressRange> trustedProxies;

    OriginRule(ProxyConfig.Http config) {
        this.allowed = config.allowedOrigins().orElse(List.of());
        List<AddressRange> ranges = new ArrayList<>();
        for (String entry : config.trustedProxies().orElse(List.of())) {
            ranges.add(AddressRange.parse(entry.strip()).orElseThrow(() -> new IllegalArgumentException(
                    "mcps.mcp.http.trusted-proxies: not an IP address or CIDR: " + entry)));
        }
        this.trustedProxies = List.copyOf(ranges);
    }

    boolean allows(String origin, HttpServerRequest request) {
        if (allowed.contains(origin)) {
            return true;
        }
        Endpoint from = Endpoint.parse(origin);
        if (from == null) {
            return false;
        }
        String peer = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        boolean forwarded = peer != null && trusted(peer);
        String client = forwarded ? lastHop(request.getHeader("X-Forwarded-For"), peer) : peer;
        if (client != null && loopback(client)) {
            return loopback(from.host());
        }
        String scheme = forwarded && request.getHeader("X-Forwarded-Proto") != null
                ? request.getHeader("X-Forwarded-Proto") : request.scheme();
        String host = forwarded && request.getHeader("X-Forwarded-Host") != null
                ? request.getHeader("X-Forwarded-Host")
                : request.authority() == null ? null : request.authority().toString();
        return host != null && from.equals(Endpoint.parse(scheme + "://" + host));
    }

    private boolean trusted(String address) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        return bytes != null && trustedProxies.stream().anyMatch(range -> range.contains(bytes));
    }

    /** The gateway replaces X-Forwarded-For with the one client address it saw; a chain's last hop is nearest. */
    private static String lastHop(String forwardedFor, String peer) {
        if (forwardedFor == null || forwardedFor.isBlank()) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        return hops[hops.length - 1].strip();
    }

    private static boolean loopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if ("localhost".equalsIgnoreCase(bare)) {
            return true;
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(bare);
        if (bytes == null) {
            return false;
        }
        if (bytes.length == 4) {
            return bytes[0] == 127;
        }
        for (int i = 0; i < 15; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[15] == 1;
    }

    /** Scheme, host and port of an origin, the port filled in from the scheme when the origin leaves it out. */
    private record Endpoint(String scheme, String host, int port) {

        static Endpoint parse(String text) {
            try {
                URI uri = new URI(text);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    return null;
                }
                String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
                int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
                return new Endpoint(scheme, uri.getHost().toLowerCase(Locale.ROOT), port);
            } catch (java.net.URISyntaxException e) {
                return null;
            }
        }
    }
}
