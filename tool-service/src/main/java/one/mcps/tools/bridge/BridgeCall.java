package one.mcps.tools.bridge;

import io.vertx.core.http.HttpServerResponse;

/**
 * One client request in flight on a tool's connection: its session and, when it is answered as an event
 * stream, that stream (progress and server requests about it go there).
 */
record BridgeCall(BridgeSession session, HttpServerResponse events) {
}
