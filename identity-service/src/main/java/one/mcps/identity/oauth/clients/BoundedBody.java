package one.mcps.identity.oauth.clients;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * Collects a response body up to a number of bytes and fails the transfer past it. The web client has no size
 * limit of its own and would otherwise buffer whatever a client's metadata URL sends.
 */
final class BoundedBody implements WriteStream<Buffer> {

    /** The body was longer than allowed. */
    static final class TooLarge extends RuntimeException {

        TooLarge() {
            super("the document is too large", null, false, false);
        }
    }

    private final int maxBytes;
    private final Buffer collected = Buffer.buffer();

    BoundedBody(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    Buffer collected() {
        return collected;
    }

    @Override
    public Future<Void> write(Buffer data) {
        if (collected.length() + data.length() > maxBytes) {
            return Future.failedFuture(new TooLarge());
        }
        collected.appendBuffer(data);
        return Future.succeededFuture();
    }

    @Override
    public void write(Buffer data, Handler<AsyncResult<Void>> handler) {
        Future<Void> result = write(data);
        if (handler != null) {
            handler.handle(result);
        }
    }

    @Override
    public void end(Handler<AsyncResult<Void>> handler) {
        if (handler != null) {
            handler.handle(Future.succeededFuture());
        }
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        return this;
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
        return this;
    }

    @Override
    public boolean writeQueueFull() {
        return false;
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        return this;
    }
}
