package one.mcps.gateway.routing;

import java.util.concurrent.ThreadLocalRandom;

import io.vertx.core.http.HttpServerRequest;
import one.mcps.platform.errors.ProblemResponses;

/** The request id: the caller's {@code X-Request-Id} when it sent a sane one, else a fresh random one. */
final class RequestIds {

    private static final int MAX_LENGTH = 128;

    private RequestIds() {
    }

    static String ensure(HttpServerRequest request) {
        String given = request.getHeader(ProblemResponses.REQUEST_ID_HEADER);
        if (given != null && !given.isBlank() && given.length() <= MAX_LENGTH && printable(given)) {
            return given;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String id = Long.toHexString(random.nextLong() | Long.MIN_VALUE)
                + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
        request.headers().set(ProblemResponses.REQUEST_ID_HEADER, id);
        return id;
    }

    private static boolean printable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
