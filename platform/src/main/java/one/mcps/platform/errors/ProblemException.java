package one.mcps.platform.errors;

import java.util.List;
import java.util.Map;

/**
 * Thrown by domain code to answer with a problem. Carries only what may be shown to the caller; never wrap a
 * lower-level exception's message into {@code detail} without thinking about what it reveals.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final List<Problem.FieldError> errors;
    private final Map<String, String> headers;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, null, Map.of());
    }

    public ProblemException(ProblemType type, String detail, List<Problem.FieldError> errors,
            Map<String, String> headers) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = errors;
        this.headers = headers;
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(ProblemType.NOT_FOUND, detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(ProblemType.CONFLICT, detail);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(ProblemType.BAD_REQUEST, detail);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(ProblemType.FORBIDDEN, detail);
    }

    public static ProblemException unprocessable(String detail) {
        return new ProblemException(ProblemType.UNPROCESSABLE, detail);
    }

    /** A rejected field, listed in {@code errors} the same way bean validation lists its violations. */
    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(ProblemType.VALIDATION, field + ": " + message,
                List.of(new Problem.FieldError(field, message)), Map.of());
    }

    /** A filter value outside its allowed set is a 400 naming the field and the allowed values. */
    public static void requireOneOf(String field, String value, java.util.Collection<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw invalidField(field, "must be one of " + String.join(", ", allowed));
        }
    }

    public static ProblemException unavailable(String detail) {
        return new ProblemException(ProblemType.UNAVAILABLE, detail);
    }

    public ProblemType type() {
        return type;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Problem toProblem() {
        return new Problem(type.uri(), type.title(), type.status(), getMessage(), null, null, errors);
    }
}
