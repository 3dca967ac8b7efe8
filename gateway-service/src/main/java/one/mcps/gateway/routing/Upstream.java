package one.mcps.gateway.routing;

import java.net.URI;
import java.util.List;

/**
 * A service behind the gateway and the base URLs of its instances.
 *
 * @param name the service name, as error messages and the status page show it
 * @param instances its instances, in configuration order
 * @param healthPath the path probed for the status page
 */
public record Upstream(String name, List<Instance> instances, String healthPath) {

    /** One instance: where it listens. */
    public record Instance(String url, String host, int port, boolean ssl) {

        public static Instance of(String url) {
            URI uri = URI.create(url.trim());
            boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
            int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
            return new Instance(uri.getScheme() + "://" + uri.getHost() + ":" + port, uri.getHost(), port, ssl);
        }
    }
}
