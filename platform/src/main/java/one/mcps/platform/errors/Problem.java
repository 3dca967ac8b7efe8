package one.mcps.platform.errors;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 9457 problem details body. {@code type} is stable and documented; {@code detail} is for humans;
 * {@code errors} lists each bad field of a rejected request.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String requestId,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One rejected field: where it is ({@code field}, a dotted path) and what is wrong with it. */
    @RegisterForReflection
    public record FieldError(String field, String message) {
    }
}
