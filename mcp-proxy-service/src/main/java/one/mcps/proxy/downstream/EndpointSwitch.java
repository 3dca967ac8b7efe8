package one.mcps.proxy.downstream;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import one.mcps.proxy.config.ProxyConfig;

/** Whether the MCP endpoints take requests ({@code POST /api/v1/mcp/proxy/start|stop}); closed answers 503. */
@ApplicationScoped
public class EndpointSwitch {

    private final AtomicBoolean open;

    public EndpointSwitch(ProxyConfig config) {
        this.open = new AtomicBoolean(config.http().openAtStart());
    }

    public boolean isOpen() {
        return open.get();
    }

    public void open() {
        open.set(true);
    }

    public void close() {
        open.set(false);
    }
}
