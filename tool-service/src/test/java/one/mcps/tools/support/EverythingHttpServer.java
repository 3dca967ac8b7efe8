package one.mcps.tools.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import one.mcps.testing.LocalStack;

/**
 * Remote MCP servers for tests: {@code mcp-server-everything} in {@code streamableHttp} and in {@code sse} mode,
 * each on a free port. Their URLs are the config values {@code test.everything-http.url} and
 * {@code test.everything-sse.url}. One more streamable HTTP server is there to be killed by a test:
 * {@code test.everything-doomed.url} and its {@code test.everything-doomed.pid}.
 */
public class EverythingHttpServer implements QuarkusTestResourceLifecycleManager {

    private final java.util.List<Process> processes = new java.util.ArrayList<>();

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new java.util.HashMap<>(Map.of(
                "test.everything-http.url", "http://127.0.0.1:" + serve("streamableHttp") + "/mcp",
                "test.everything-sse.url", "http://127.0.0.1:" + serve("sse") + "/sse",
                "test.everything-doomed.url", "http://127.0.0.1:" + serve("streamableHttp") + "/mcp"));
        config.put("test.everything-doomed.pid", Long.toString(processes.get(processes.size() - 1).pid()));
        return config;
    }

    private int serve(String mode) {
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            ProcessBuilder builder = new ProcessBuilder(Tools.npmBin("mcp-server-everything"), mode)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("PORT", Integer.toString(port));
            Process process = builder.start();
            processes.add(process);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!LocalStack.answers("127.0.0.1", port)) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IllegalStateException("mcp-server-everything " + mode + " did not listen on " + port);
                }
                Thread.sleep(100);
            }
            return port;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start mcp-server-everything", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }
}
