package one.mcps.proxy.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every tunable of the proxy, under {@code mcps.mcp}; defaults and environment overrides live in application.properties. */
@ConfigMapping(prefix = "mcps.mcp")
public interface ProxyConfig {

    /** Name and version this proxy announces to clients and upstreams. */
    @WithDefault("mcps-one")
    String serverName();

    @WithDefault("0.1.0")
    String serverVersion();

    Upstreams upstreams();

    Sessions sessions();

    Http http();

    Calls calls();

    InputRequired inputRequired();

    interface Upstreams {
        /** Timeout of one upstream request when the tool defines none (seed: MCP_TIMEOUT seconds). */
        Duration defaultCallTimeout();

        /**
         * How much longer than the call's timeout the proxy waits for tool-service's bridge, which times a stdio tool's
         * call itself and answers with a timeout error.
         */
        Duration bridgeTimeoutGrace();

        /** Retries of list operations (seed: MCP_MAX_RETRIES); tools/call is retried only when idempotent. */
        int maxRetries();

        Duration initializeTimeout();

        Duration reconnectInitialBackoff();

        Duration reconnectMaxBackoff();

        /** Consecutive failed requests (within the window) that open an upstream's circuit. */
        int breakerRequestVolume();

        double breakerFailureRatio();

        Duration breakerDelay();

        /** Calls waiting for a free slot when a tool limits its concurrency ({@code max_concurrency}). */
        @WithDefault("100")
        int bulkheadQueue();

        /** How long to gather catalog changes before telling sessions {@code list_changed}. */
        Duration listChangedDebounce();

        /** Kept-alive HTTP/1.1 connections per upstream host and event loop on the request path: one per concurrent call. */
        int httpPoolSize();

        /**
         * How long an idle upstream connection is kept: below Node's 5 s server keep-alive, so we never reuse a
         * connection the server is closing.
         */
        Duration httpKeepAlive();

        /**
         * Open GET streams per upstream host: one for each upstream session of a per_session tool, kept on a client
         * of their own so they never take the request path's connections.
         */
        @WithDefault("10000")
        int streamPoolSize();
    }

    interface Sessions {
        Duration idleTimeout();

        /** How often last-seen times (and ends not yet stored) are written to PostgreSQL, in one batch. */
        Duration flushInterval();

        /**
         * How often an instance looks for sessions other instances ended, to drop its own copies: the longest a
         * session ended through one instance may still be answered by another that held it.
         */
        Duration endedCheckInterval();

        /** How long a stopping instance waits to write its sessions' last-seen times. */
        Duration stopFlushTimeout();

        /** Messages kept per session for {@code /api/v1/sessions/{id}/messages}, newest win. */
        int messageHistory();

        /** Message bodies in the history are cut to this many characters. */
        int messageBodyLimit();

        /** How often open SSE streams get a comment, so idle connections are not cut on the way. */
        Duration keepAliveInterval();
    }

    interface Http {
        /**
         * Browser origins allowed to call the MCP endpoints beyond the request's own origin and loopback origins on
         * loopback connections; requests without Origin are always allowed.
         */
        Optional<List<String>> allowedOrigins();

        /** Peers (addresses or CIDRs) whose X-Forwarded-For/-Host/-Proto describe the client: the gateway. */
        Optional<List<String>> trustedProxies();

        /** Whether the MCP endpoints accept requests when the proxy starts (POST /api/v1/mcp/proxy/stop closes them). */
        @WithDefault("true")
        boolean openAtStart();

        /** How soon an instance follows a start/stop of the MCP endpoints made through another instance. */
        Duration switchRefreshInterval();

        /**
         * How long a stateless (2026-07-28) client may reuse a list (tools, resources, templates, prompts) or
         * server/discover before asking again ({@code ttlMs}): a started or stopped server, or a changed role, shows
         * in its lists after at most this long.
         */
        Duration listCacheTtl();

        /** Largest JSON-RPC body a client may POST. */
        @WithDefault("10485760")
        long maxBodyBytes();
    }

    interface Calls {
        /** Call events waiting for the broker's acknowledgement beyond this are dropped (and counted), never waited for. */
        int maxInFlightEvents();

        /** How often the call events recorded meanwhile are handed to the Kafka producer, as one batch. */
        Duration sendInterval();
    }

    /** Multi round-trip requests of stateless clients (InputRequiredResult) over upstreams that ask during a call. */
    interface InputRequired {
        /** How long a round waits, after the upstream's first request, for others sent with it: asked together. */
        Duration gather();

        /** How long a call whose round ended with an InputRequiredResult waits for the retry before it is given up. */
        Duration hold();

        /** What request states are signed with (a key derived from it); the same on every instance. */
        Optional<String> stateKey();

        /** Where the other instances reach this one: a retry that lands on another instance is sent here. */
        String instanceUrl();
    }
}
