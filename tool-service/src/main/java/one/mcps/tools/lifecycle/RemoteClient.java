package one.mcps.tools.lifecycle;

import java.time.Duration;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

/** An MCP client session with a remote server, used only to tell whether it answers MCP. */
interface RemoteClient {

    /** {@code initialize} + {@code notifications/initialized}; the server's initialize result. */
    Uni<ObjectNode> initialize(ObjectNode params, Duration timeout);

    Uni<Void> ping(Duration timeout);

    void close();
}
