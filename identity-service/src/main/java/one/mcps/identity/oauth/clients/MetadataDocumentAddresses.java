package one.mcps.identity.oauth.clients;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import one.mcps.identity.oauth.OAuthConfig;
import one.mcps.identity.oauth.OAuthError;
import one.mcps.platform.security.AddressRange;

/**
 * Where a client metadata document may be fetched from. The URL is chosen by whoever starts an authorization, so
 * fetching it must not reach the platform's own network (SSRF): the host is resolved once, every address it resolves
 * to must be public, and the fetch then connects to the address checked here (never resolving again, so a name
 * cannot switch to an internal address between the check and the connection). Hosts in {@code allowed-hosts} skip
 * the check (tests, development).
 */
@Singleton
public class MetadataDocumentAddresses {

    /** Shared address space (CGNAT), "this network", unique-local IPv6 and broadcast: internal too. */
    private static final List<AddressRange> ALSO_INTERNAL = List.of("100.64.0.0/10", "0.0.0.0/8", "fc00::/7",
            "255.255.255.255/32").stream().map(c -> AddressRange.parse(c).orElseThrow()).toList();

    private final boolean allowPrivate;
    private final Set<String> allowedHosts;

    public MetadataDocumentAddresses(OAuthConfig config) {
        this.allowPrivate = config.clientMetadata().allowPrivateAddresses();
        this.allowedHosts = config.clientMetadata().allowedHosts().orElse(List.of()).stream()
                .map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).collect(Collectors.toSet());
    }

    /** Whether the host is allow-listed (so it may be private and, when loopback, served over http). */
    public boolean isAllowedHost(String host) {
        return allowedHosts.contains(bare(host).toLowerCase(Locale.ROOT));
    }

    /** The address to connect to for {@code host}, or a failure saying why the host is refused. */
    public Uni<InetAddress> resolve(String host) {
        String name = bare(host);
        boolean checked = !allowPrivate && !isAllowedHost(host);
        // Resolving blocks, so it runs on a worker; the answer comes back on the caller's Vert.x context, where the
        // request's reactive session expects to continue.
        Context caller = Vertx.currentContext();
        Uni<InetAddress> resolved = Uni.createFrom().item(() -> pick(name, checked))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return caller == null ? resolved : resolved.emitOn(command -> caller.runOnContext(ignored -> command.run()));
    }

    private static InetAddress pick(String name, boolean checked) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(name);
        } catch (UnknownHostException e) {
            throw refused("its host cannot be resolved");
        }
        if (checked) {
            for (InetAddress address : addresses) {
                if (isInternal(address)) {
                    throw refused("its host resolves to a loopback, private or link-local address");
                }
            }
        }
        return addresses[0];
    }

    static boolean isInternal(InetAddress address) {
        return address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()
                || ALSO_INTERNAL.stream().anyMatch(r -> r.contains(address));
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static OAuthError refused(String why) {
        return OAuthError.of(OAuthError.INVALID_CLIENT, "The client's metadata document cannot be fetched: " + why
                + ".");
    }
}
