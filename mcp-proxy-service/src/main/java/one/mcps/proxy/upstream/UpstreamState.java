package one.mcps.proxy.upstream;

import java.util.Locale;

/** Where the proxy's client for one upstream stands. */
public enum UpstreamState {
    CONNECTING, READY, UNAVAILABLE, CLOSED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
