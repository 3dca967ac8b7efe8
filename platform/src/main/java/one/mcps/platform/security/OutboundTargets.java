package one.mcps.platform.security;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import one.mcps.platform.config.RuntimeSettings;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.errors.ProblemType;

/**
 * Whether the platform may call an address a user gave it (a remote MCP server, an alert webhook). A target that
 * resolves to a loopback, link-local, private, shared (CGNAT), any-local or multicast address is refused unless
 * allow-listed, so a user cannot aim the platform at itself, its neighbours or a cloud metadata endpoint (SSRF).
 * Checked when the address is saved and again before each connection, because a name can resolve elsewhere later.
 */
@Singleton
public class OutboundTargets {

    /** The runtime setting (a JSON array of host names, IPs and CIDR blocks) that admins allow-list targets with. */
    public static final String SETTING = "outbound_allowed_targets";

    private static final List<AddressRange> REFUSED = ranges("100.64.0.0/10", "0.0.0.0/8", "fc00::/7",
            "255.255.255.255/32");

    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\\.?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");

    private final List<String> configured;
    /** The allow-list as checks read it, parsed once per change of the setting rather than per outbound call. */
    private volatile AllowList allowed;

    public OutboundTargets(RuntimeSettings settings, OutboundConfig config) {
        this.configured = config.allowedTargets().orElse(List.of());
        // Listening first, then reading: a change arriving in between is applied by the listener.
        settings.onChange((key, value) -> {
            if (SETTING.equals(key)) {
                allowed = AllowList.of(configured, value);
            }
        });
        this.allowed = AllowList.of(configured, settings.get(SETTING).orElse(null));
    }

    /** Host names (lower case) and address ranges an admin allowed although internal. */
    private record AllowList(Set<String> names, List<AddressRange> ranges) {

        static AllowList of(List<String> configured, JsonNode setting) {
            List<String> all = new ArrayList<>(configured);
            if (setting != null && setting.isArray()) {
                setting.forEach(v -> all.add(v.asText()));
            }
            Set<String> names = new HashSet<>();
            List<AddressRange> ranges = new ArrayList<>();
            for (String entry : all) {
                String text = entry.trim().toLowerCase(Locale.ROOT);
                AddressRange.parse(text).ifPresentOrElse(ranges::add, () -> names.add(text));
            }
            return new AllowList(Set.copyOf(names), List.copyOf(ranges));
        }
    }

    /** Completes when the platform may call {@code target}; else fails with a 422 problem that says why. */
    public Uni<Void> check(URI target) {
        String host = target.getHost();
        if (host == null || host.isBlank()) {
            return Uni.createFrom().failure(refused(target, "it names no host"));
        }
        String name = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        AllowList allowed = this.allowed;
        if (allowed.names().contains(name.toLowerCase(Locale.ROOT))) {
            return Uni.createFrom().voidItem();
        }
        // Resolving blocks, so it runs on a worker; the answer comes back on the caller's Vert.x context, where a
        // reactive database session or a request's state expects to continue.
        Context caller = Vertx.currentContext();
        Uni<InetAddress[]> resolved = Uni.createFrom().item(() -> resolve(target, name))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        if (caller != null) {
            resolved = resolved.emitOn(command -> caller.runOnContext(ignored -> command.run()));
        }
        return resolved
                .invoke(addresses -> {
                    for (InetAddress address : addresses) {
                        if (isInternal(address) && allowed.ranges().stream().noneMatch(r -> r.contains(address))) {
                            throw refused(target, "it resolves to a private, loopback or link-local address and is"
                                    + " not in the setting " + SETTING);
                        }
                    }
                })
                .replaceWithVoid();
    }

    /** Whether {@code text} is an entry the allow-list takes: a host name, an IP address or a CIDR block. */
    public static boolean isAllowListEntry(String text) {
        return AddressRange.parse(text).isPresent()
                || (HOST_NAME.matcher(text).matches() && !DIGITS_AND_DOTS.matcher(text).matches());
    }

    static boolean isInternal(InetAddress address) {
        return address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()
                || REFUSED.stream().anyMatch(r -> r.contains(address));
    }

    private static InetAddress[] resolve(URI target, String host) {
        try {
            return InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw refused(target, "its host cannot be resolved");
        }
    }

    private static ProblemException refused(URI target, String why) {
        return new ProblemException(ProblemType.OUTBOUND_TARGET_REFUSED,
                "The platform does not call " + target.getScheme() + "://" + target.getHost() + ": " + why + ".");
    }

    private static List<AddressRange> ranges(String... cidrs) {
        return Arrays.stream(cidrs).map(c -> AddressRange.parse(c).orElseThrow()).toList();
    }
}
