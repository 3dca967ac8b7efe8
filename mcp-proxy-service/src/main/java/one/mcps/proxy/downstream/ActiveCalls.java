package one.mcps.proxy.downstream;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The {@code tools/call}s in flight per upstream, so that a request an upstream sends back during a call
 * (sampling, elicitation) can be routed to the session that made the call.
 */
@ApplicationScoped
public class ActiveCalls {

    private final Map<String, Set<CallContext>> byServer = new ConcurrentHashMap<>();

    public void start(String server, CallContext call) {
        byServer.computeIfAbsent(server, k -> ConcurrentHashMap.newKeySet()).add(call);
    }

    public void end(String server, CallContext call) {
        Set<CallContext> calls = byServer.get(server);
        if (calls != null) {
            calls.remove(call);
        }
    }

    public List<CallContext> on(String server) {
        Set<CallContext> calls = byServer.get(server);
        return calls == null ? List.of() : List.copyOf(calls);
    }
}
