package one.mcps.platform.errors;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Maps every exception that reaches a REST resource to an RFC 9457 problem. Nothing internal (stack traces,
 * class names, SQL) ever reaches a body: unexpected errors are logged with an id the caller can quote.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri, HttpHeaders headers) {
        return respond(e.toProblem(), uri, headers, e.headers());
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri, HttpHeaders headers) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        String detail = errors.stream().map(f -> f.field() + " " + f.message()).collect(Collectors.joining("; "));
        Problem problem = new Problem(ProblemType.VALIDATION.uri(), ProblemType.VALIDATION.title(), 400, detail, null,
                null, errors);
        return respond(problem, uri, headers, Map.of());
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri, HttpHeaders headers) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String message = mappingMessage(mapping);
            Problem problem = new Problem(ProblemType.VALIDATION.uri(), ProblemType.VALIDATION.title(), 400,
                    field + " " + message, null, null, List.of(new Problem.FieldError(field, message)));
            return respond(problem, uri, headers, Map.of());
        }
        JsonLocation location = e.getLocation();
        String where = location == null ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        return respond(ProblemType.MALFORMED_JSON.problem("The request body is not valid JSON" + where + "."), uri,
                headers, Map.of());
    }

    /**
     * Quarkus maps this subtype of {@link JsonProcessingException} itself (an empty 400), ahead of {@link #json}: a
     * value of the wrong type ({@code "not-a-uuid"} for an id) or content after the body's value lands here.
     */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri, HttpHeaders headers) {
        return json(e, uri, headers);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
        int status = e.getResponse().getStatus();
        ProblemType type = ProblemType.forStatus(status);
        String detail = switch (status) {
            case 404 -> "Nothing is at " + uri.getPath() + ".";
            case 405 -> "This method is not allowed on " + uri.getPath() + ".";
            case 415 -> "The request's Content-Type is not accepted here.";
            case 406 -> "None of the accepted media types can be produced here.";
            default -> status >= 500 ? "The request could not be completed." : e.getMessage();
        };
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json, uri, headers);
        }
        return respond(type.problem(detail), uri, headers, Map.of());
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthorized(RuntimeException e, UriInfo uri, HttpHeaders headers) {
        return respond(ProblemType.UNAUTHORIZED.problem("A valid bearer token (JWT or API key) is required."), uri,
                headers, Map.of());
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri, HttpHeaders headers) {
        return respond(ProblemType.FORBIDDEN.problem("Your roles do not allow this."), uri, headers, Map.of());
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri, HttpHeaders headers) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error %s on %s", errorId, uri.getPath());
        return respond(ProblemType.INTERNAL.problem("An unexpected error occurred (error id " + errorId + ")."), uri,
                headers, Map.of());
    }

    private static Response respond(Problem problem, UriInfo uri, HttpHeaders headers, Map<String, String> extra) {
        return ProblemResponses.of(problem, uri.getPath(), headers.getHeaderString(ProblemResponses.REQUEST_ID_HEADER),
                extra);
    }

    private static String mappingMessage(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException) {
            return "is not a known field";
        }
        if (e instanceof InvalidFormatException invalid) {
            Class<?> target = invalid.getTargetType();
            if (target != null && target.isEnum()) {
                return "must be one of " + List.of(target.getEnumConstants()).stream()
                        .map(c -> c.toString().toLowerCase()).collect(Collectors.joining(", "));
            }
            return "has an invalid value";
        }
        return "has the wrong type";
    }

    /**
     * The bad field as the caller named it: {@code create.body.display_name} becomes {@code display_name}; a query
     * parameter with no properties below it keeps its own name.
     */
    private static String fieldOf(ConstraintViolation<?> violation) {
        String parameter = null;
        StringBuilder property = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
            } else if (node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                if (node.getIndex() != null) {
                    property.append('[').append(node.getIndex()).append(']');
                } else if (node.getKey() != null) {
                    property.append('[').append(node.getKey()).append(']');
                }
                if (node.getName() != null && !node.getName().startsWith("<")) {
                    if (property.length() > 0) {
                        property.append('.');
                    }
                    property.append(snakeCase(node.getName()));
                }
            }
        }
        if (property.length() > 0) {
            return property.toString();
        }
        return parameter == null ? "body" : snakeCase(parameter);
    }

    private static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }
}
