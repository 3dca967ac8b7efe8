package one.mcps.platform.http;

import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;

/** Where a service's own Vert.x routes sit among Quarkus's HTTP filters, which it orders at minus their priority. */
public final class RouteOrder {

    /**
     * After CORS, ahead of Quarkus's authentication and authorization filters: for routes that authenticate their
     * callers themselves (the gateway's edge, mcp-proxy's MCP endpoints). Behind those filters every request paid
     * for the framework's lazy-authentication set-up, its REST failure-handler set-up and a permission check: about a
     * tenth of the gateway's CPU per forwarded MCP call and 7 % of mcp-proxy's.
     */
    public static final int SELF_AUTHENTICATED = -(SecurityHandlerPriorities.CORS
            + SecurityHandlerPriorities.AUTHENTICATION) / 2;

    /**
     * Ahead of Quarkus's CORS filter: for public, credential-less endpoints any web page may call (the OAuth
     * endpoints and metadata an MCP client in a browser uses), which answer CORS themselves.
     */
    public static final int BEFORE_CORS = -SecurityHandlerPriorities.CORS - 1;

    private RouteOrder() {
    }
}
