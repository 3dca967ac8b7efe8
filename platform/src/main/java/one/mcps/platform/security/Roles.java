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

    private Roles() {
    }
}
