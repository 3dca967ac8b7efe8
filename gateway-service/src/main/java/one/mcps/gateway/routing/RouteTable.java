package one.mcps.gateway.routing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

/** The routes of {@link GatewayConfig}, resolved against their upstreams and looked up by path. */
@Singleton
public class RouteTable {

    private final Map<String, Upstream> upstreams = new LinkedHashMap<>();
    private final List<Route> routes = new ArrayList<>();

    public RouteTable(GatewayConfig config) {
        config.upstreams().forEach((name, upstream) -> upstreams.put(name, new Upstream(name,
                upstream.urls().stream().map(Upstream.Instance::of).toList(), upstream.healthPath())));
        config.routes().forEach((name, route) -> {
            Upstream upstream = upstreams.get(route.upstream());
            if (upstream == null) {
                throw new IllegalStateException("Route " + name + " names an unknown upstream " + route.upstream());
            }
            routes.add(new Route(name, upstream, List.copyOf(route.prefixes()),
                    route.streaming() ? config.streamIdleTimeout() : route.timeout(), route.streaming(),
                    route.sessionAffinity(), route.countToolCalls(), route.protectedResource(),
                    route.maxBodySize().orElse(config.maxBodySize()).asLongValue()));
        });
    }

    /** The route owning the path, or null when the gateway does not forward it. */
    public Route match(String path) {
        for (Route route : routes) {
            if (route.matches(path)) {
                return route;
            }
        }
        return null;
    }

    public List<Route> routes() {
        return routes;
    }

    public Collection<Upstream> upstreams() {
        return upstreams.values();
    }
}
