package one.mcps.e2e.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One MCP Streamable HTTP session on one kept-alive HTTP/1.1 connection, spoken over a plain blocking socket.
 * Hand-written rather than a library client on purpose: the benchmark shares two cores with the services it
 * measures, and a request here costs one write and one read syscall, no selector thread and no hand-off, so the
 * client's own share of the CPU stays small (the benchmark prints it).
 */
final class McpConnection implements Closeable {

    static final String PROTOCOL = "2025-06-18";
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"" + PROTOCOL + "\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"chain-benchmark\",\"version\":\"1\"}}}";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

    record Reply(int status, String sessionId, String body) {
    }

    private final URI endpoint;
    private final String fixedHeaders;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private String sessionId;

    McpConnection(URI endpoint, String token) throws IOException {
        this.endpoint = endpoint;
        connect();
        fixedHeaders = "POST " + endpoint.getRawPath() + " HTTP/1.1\r\nHost: " + endpoint.getHost() + ":"
                + endpoint.getPort() + "\r\nContent-Type: application/json\r\n"
                + "Accept: application/json, text/event-stream\r\nAuthorization: Bearer " + token + "\r\n";
    }

    private void connect() throws IOException {
        socket = new Socket(endpoint.getHost(), endpoint.getPort());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(60_000);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    /** initialize + notifications/initialized; afterwards every request carries the session id. */
    McpConnection initialize() throws IOException {
        sessionId = handshake();
        return this;
    }

    /** Opens one more session over this connection and leaves it idle (this connection keeps its own). */
    String openIdleSession() throws IOException {
        return handshake();
    }

    private String handshake() throws IOException {
        Reply reply = post(null, INITIALIZE);
        if (reply.status() != 200 || reply.sessionId() == null) {
            throw new IOException("initialize answered " + reply.status() + ": " + reply.body());
        }
        Reply ack = post(reply.sessionId(), INITIALIZED);
        if (ack.status() != 202 && ack.status() != 200) {
            throw new IOException("notifications/initialized answered " + ack.status() + ": " + ack.body());
        }
        return reply.sessionId();
    }

    /** Ends the session at the server (so measured rows do not leave idle sessions behind) and closes. */
    void delete() throws IOException {
        if (sessionId != null) {
            String head = fixedHeaders.replaceFirst("^POST", "DELETE") + "Mcp-Session-Id: " + sessionId
                    + "\r\nMCP-Protocol-Version: " + PROTOCOL + "\r\nContent-Length: 0\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            read();
        }
        close();
    }

    Reply post(String json) throws IOException {
        return post(sessionId, json);
    }

    /**
     * A kept-alive connection the server closed while it was idle (Node closes them after 5 s, which a session
     * waiting for 31 others to initialize can exceed) is opened again once, as HTTP clients do.
     */
    private Reply post(String session, String json) throws IOException {
        try {
            return send(session, json);
        } catch (SocketException | EOFException e) {
            socket.close();
            connect();
            return send(session, json);
        }
    }

    private Reply send(String session, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(fixedHeaders.length() + 128).append(fixedHeaders);
        if (session != null) {
            head.append("Mcp-Session-Id: ").append(session).append("\r\nMCP-Protocol-Version: ").append(PROTOCOL)
                    .append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return read();
    }

    private Reply read() throws IOException {
        String statusLine = line();
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        String session = null;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "mcp-session-id" -> session = value;
                default -> {
                }
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(512);
        if (chunked) {
            for (int size = chunkSize(); size > 0; size = chunkSize()) {
                copy(size, body);
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length > 0) {
            copy(length, body);
        }
        return new Reply(status, session, body.toString(StandardCharsets.UTF_8));
    }

    private int chunkSize() throws IOException {
        String size = line();
        int extension = size.indexOf(';');
        return Integer.parseInt(extension < 0 ? size.trim() : size.substring(0, extension).trim(), 16);
    }

    private void copy(long n, ByteArrayOutputStream to) throws IOException {
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        long left = n;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(left, buffer.length));
            if (read < 0) {
                throw new EOFException("connection closed inside a body");
            }
            to.write(buffer, 0, read);
            left -= read;
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
