package one.mcps.proxy.catalog;

/**
 * Which part of the catalog an endpoint serves: every server with prefixed names ({@code /mcp}), or one server
 * with its own names ({@code /servers/{name}/mcp}).
 */
public record Scope(String server) {

    public static final Scope ALL = new Scope(null);

    public static Scope of(String server) {
        return new Scope(server);
    }

    public boolean isAll() {
        return server == null;
    }

    public boolean includes(String name) {
        return server == null || server.equals(name);
    }
}
