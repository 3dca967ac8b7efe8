package one.mcps.proxy.downstream;

import one.mcps.platform.security.Caller;
import one.mcps.proxy.catalog.Scope;
import one.mcps.proxy.upstream.ClientInput;

/**
 * Who makes a routed call and where its notifications go: an MCP session (with its channel), a stateless request
 * (a channel when it streams; {@code input} when it may answer the upstream's requests through an
 * {@code InputRequiredResult}) or a REST request (none of them).
 */
public record CallContext(String sessionId, Caller caller, Scope scope, Channel channel, String requestId,
        ClientInput input) {

    /** Each call is itself: two calls with the same fields are still two calls in flight. */
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    public CallContext withChannel(Channel other) {
        return new CallContext(sessionId, caller, scope, other, requestId, input);
    }

    public CallContext withInput(ClientInput other) {
        return new CallContext(sessionId, caller, scope, channel, requestId, other);
    }

    public static CallContext rest(Caller caller, String requestId) {
        return new CallContext(null, caller, Scope.ALL, null, requestId, null);
    }
}
