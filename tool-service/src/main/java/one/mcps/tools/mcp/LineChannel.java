package one.mcps.tools.mcp;

/** Where the multiplexer writes one serialized JSON-RPC message (a stdio process's stdin). */
public interface LineChannel {

    /** Writes or queues one message; never blocks the caller. Returns false when the channel is closed. */
    boolean send(byte[] message);
}
