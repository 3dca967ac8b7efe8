package one.mcps.platform.security;

/** The roles of the platform, as they appear in the JWT {@code groups} claim. */
public final class Roles {

    /** Everything. */
    public static final String ADMIN = "admin";
    /** Tools, tasks, logs, sessions; not users. */
    public static final String OPERATOR = "operator";
    /** Read-only everywhere; may call the MCP tools granted to it. */
    public static final String VIEWER = "viewer";
    /** Another MCPS.ONE service calling {@code /internal/**} with a client-credentials token. */
    public static final String SERVICE = "service";
    /**
     * The only role of a credential limited to some MCP servers (an API key with {@code servers}, or a token carrying
     * a {@code servers} claim): it may use the MCP surface for those servers and nothing else, whatever its owner may
     * do. Endpoints of the MCP surface name it in {@code @RolesAllowed}; every other endpoint refuses it by default.
     */
    public static final String SCOPED_KEY = "scoped_key";

    private Roles() {
    }
}
