package one.mcps.tools.bridge;

/**
 * One client request in flight on a tool's connection: its session and its response, where progress and server
 * requests about it go (as an event stream) when the client accepts one.
 */
record BridgeCall(BridgeSession session, CallStream events) {
}
