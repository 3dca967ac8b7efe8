package one.mcps.observability.system;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The services of the platform by the names the system API reports them under, with their base URLs. */
@ApplicationScoped
public class ServiceDirectory {

    public static final String IDENTITY = "identity";
    public static final String TOOLS = "tools";
    public static final String PROXY = "proxy";
    public static final String OBSERVABILITY = "observability";
    public static final String GATEWAY = "gateway";

    private final Map<String, String> urls = new LinkedHashMap<>();

    public ServiceDirectory(@ConfigProperty(name = "mcps.identity.url") String identity,
            @ConfigProperty(name = "mcps.tools.url") String tools,
            @ConfigProperty(name = "mcps.proxy.url") String proxy,
            @ConfigProperty(name = "mcps.observability.url") String observability,
            @ConfigProperty(name = "mcps.gateway.url") String gateway) {
        urls.put(GATEWAY, trim(gateway));
        urls.put(IDENTITY, trim(identity));
        urls.put(TOOLS, trim(tools));
        urls.put(PROXY, trim(proxy));
        urls.put(OBSERVABILITY, trim(observability));
    }

    public Map<String, String> all() {
        return urls;
    }

    public String url(String service) {
        return Optional.ofNullable(urls.get(service))
                .orElseThrow(() -> new IllegalArgumentException("Unknown service " + service));
    }

    private static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
