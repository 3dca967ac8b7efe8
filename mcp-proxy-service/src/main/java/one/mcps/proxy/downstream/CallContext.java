package one.mcps.proxy.downstream;

import one.mcps.platform.security.Caller;
import one.mcps.proxy.catalog.Scope;

/**
 * Who makes a routed call and where its notifications go: an MCP session (with its channel) or a REST request
 * (no channel, no session).
 */
public record CallContext(String sessionId, Caller caller, Scope scope, Channel channel, String requestId) {

    /** Each call is itself: two calls with the same fields are still two calls in flight. */
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    public static CallContext rest(Caller caller, String requestId) {
        return new CallContext(null, caller, Scope.ALL, null, requestId);
    }
}
