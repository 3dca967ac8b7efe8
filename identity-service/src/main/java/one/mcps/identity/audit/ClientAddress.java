package one.mcps.identity.audit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;
import one.mcps.platform.security.AddressRange;

/**
 * The caller's address for audit events and login throttling. {@code X-Forwarded-For} is believed only from a peer
 * in {@code mcps.http.trusted-proxies} (addresses or CIDRs); from anyone else the header is ignored, so a caller
 * cannot forge the address it is audited and throttled under.
 * <p>
 * Quarkus's own forwarding support is off: with an empty trusted list it trusts every peer, and it takes the
 * left-most {@code X-Forwarded-For} entry, which a client behind a chain of proxies writes itself. Here the chain is
 * read from the right, skipping trusted proxies, and an entry that is not an IP literal ends the walk (no DNS).
 */
@Singleton
public class ClientAddress {

    static final String X_FORWARDED_FOR = "X-Forwarded-For";

    private final List<AddressRange> trusted;

    public ClientAddress(@ConfigProperty(name = "mcps.http.trusted-proxies") Optional<List<String>> trusted) {
        List<AddressRange> parsed = new ArrayList<>();
        for (String entry : trusted.orElse(List.of())) {
            if (!entry.isBlank()) {
                parsed.add(AddressRange.parse(entry.trim()).orElseThrow(() -> new IllegalArgumentException(
                        "mcps.http.trusted-proxies: not an IP address or CIDR: " + entry)));
            }
        }
        this.trusted = List.copyOf(parsed);
    }

    public String of(HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return resolve(peer, request.headers().getAll(X_FORWARDED_FOR));
    }

    /** The client behind {@code peer}: the right-most forwarded address that is not itself a trusted proxy. */
    String resolve(String peer, List<String> forwardedFor) {
        byte[] peerBytes = peer == null ? null : literal(peer);
        if (peerBytes == null || !isTrusted(peerBytes) || forwardedFor == null || forwardedFor.isEmpty()) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                hops.add(hop.trim());
            }
        }
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            byte[] hop = literal(hops.get(i));
            if (hop == null) {
                return client;
            }
            client = normalized(hop);
            if (!isTrusted(hop)) {
                return client;
            }
        }
        return client;
    }

    private boolean isTrusted(byte[] address) {
        for (AddressRange range : trusted) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The bytes of an IP literal ({@code [v6]}, {@code v4:port} and {@code [v6]:port} accepted), else null. */
    static byte[] literal(String value) {
        String v = value.trim();
        if (v.startsWith("[")) {
            int end = v.indexOf(']');
            v = end < 0 ? "" : v.substring(1, end);
        } else if (v.indexOf(':') > 0 && v.indexOf(':') == v.lastIndexOf(':')) {
            v = v.substring(0, v.indexOf(':'));
        }
        return v.isEmpty() ? null : NetUtil.createByteArrayFromIpAddressString(v);
    }

    private static String normalized(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
