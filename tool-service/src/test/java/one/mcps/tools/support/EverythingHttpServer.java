package one.mcps.tools.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import one.mcps.testing.LocalStack;

/**
 * A remote MCP server for tests: {@code mcp-server-everything streamableHttp} on a free port. Its URL is the
 * config value {@code test.everything-http.url}.
 */
public class EverythingHttpServer implements QuarkusTestResourceLifecycleManager {

    private Process process;

    @Override
    public Map<String, String> start() {
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            ProcessBuilder builder = new ProcessBuilder(Tools.npmBin("mcp-server-everything"), "streamableHttp")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("PORT", Integer.toString(port));
            process = builder.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!LocalStack.answers("127.0.0.1", port)) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IllegalStateException("mcp-server-everything streamableHttp did not listen on " + port);
                }
                Thread.sleep(100);
            }
            return Map.of("test.everything-http.url", "http://127.0.0.1:" + port + "/mcp");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start mcp-server-everything", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }
}
