package one.mcps.platform.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;

/**
 * One Vert.x {@link HttpClient} (and so one connection pool) per event loop, for hot request paths that call another
 * service for each request they serve. A single client shares its pooled connections across all event loops: a
 * connection lives on the loop that opened it, so a request served on another loop has its write and its response
 * handed between threads — two extra wake-ups per call on each hop. With a client per loop, every connection a
 * request gets was opened by its own loop. Off an event loop (worker threads, start-up) one shared client serves.
 * Pool sizes in {@code options} apply per loop.
 */
public final class EventLoopHttpClients {

    private final Vertx vertx;
    private final HttpClientOptions options;
    private final Map<Thread, HttpClient> byLoop = new ConcurrentHashMap<>();
    private volatile HttpClient offLoop;

    public EventLoopHttpClients(Vertx vertx, HttpClientOptions options) {
        this.vertx = vertx;
        this.options = new HttpClientOptions(options);
    }

    /** The client of the calling event loop, or the shared one when the caller is not on an event loop. */
    public HttpClient current() {
        if (!Context.isOnEventLoopThread()) {
            return offLoop();
        }
        Thread loop = Thread.currentThread();
        HttpClient client = byLoop.get(loop);
        return client != null ? client : byLoop.computeIfAbsent(loop, t -> vertx.createHttpClient(options));
    }

    private HttpClient offLoop() {
        HttpClient client = offLoop;
        if (client == null) {
            synchronized (this) {
                if (offLoop == null) {
                    offLoop = vertx.createHttpClient(options);
                }
                client = offLoop;
            }
        }
        return client;
    }
}
