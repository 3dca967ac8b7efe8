package one.mcps.platform.errors;

/** The stable problem types of the platform; each is a URI under {@link #BASE}. */
public enum ProblemType {

    BAD_REQUEST("bad-request", "Bad request", 400),
    MALFORMED_JSON("malformed-json", "Malformed JSON", 400),
    VALIDATION("validation", "Invalid request", 400),
    UNAUTHORIZED("unauthorized", "Authentication required", 401),
    FORBIDDEN("forbidden", "Forbidden", 403),
    NOT_FOUND("not-found", "Not found", 404),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
    NOT_ACCEPTABLE("not-acceptable", "Not acceptable", 406),
    CONFLICT("conflict", "Conflict", 409),
    GONE("gone", "Gone", 410),
    PRECONDITION_FAILED("precondition-failed", "Precondition failed", 412),
    PAYLOAD_TOO_LARGE("payload-too-large", "Payload too large", 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
    UNPROCESSABLE("unprocessable", "Unprocessable request", 422),
    OUTBOUND_TARGET_REFUSED("outbound-target-refused", "Outbound target refused", 422),
    /** A tool's bridge asked on an instance that does not own the tool; Location names the owner's bridge. */
    TOOL_MOVED("tool-moved", "Tool moved", 421),
    LOCKED("locked", "Locked", 423),
    RATE_LIMITED("rate-limited", "Too many requests", 429),
    INTERNAL("internal", "Internal error", 500),
    BAD_GATEWAY("bad-gateway", "Bad gateway", 502),
    UNAVAILABLE("unavailable", "Service unavailable", 503),
    GATEWAY_TIMEOUT("gateway-timeout", "Gateway timeout", 504);

    public static final String BASE = "https://mcps.one/problems/";

    private final String slug;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, int status) {
        this.slug = slug;
        this.title = title;
        this.status = status;
    }

    public String uri() {
        return BASE + slug;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }

    /** The generic type for an HTTP status, for errors raised by the framework rather than by our code. */
    public static ProblemType forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status == status && type != MALFORMED_JSON && type != VALIDATION
                    && type != OUTBOUND_TARGET_REFUSED && type != TOOL_MOVED) {
                return type;
            }
        }
        return status >= 500 ? INTERNAL : BAD_REQUEST;
    }

    public Problem problem(String detail) {
        return new Problem(uri(), title, status, detail, null, null, null);
    }
}
