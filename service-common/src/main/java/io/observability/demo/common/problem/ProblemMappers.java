package io.observability.demo.common.problem;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;

/**
 * Turns every failure into an {@code application/problem+json} response: designed outcomes, bad input
 * (validation, malformed JSON, wrong types), JAX-RS errors (404, 405, 415...), a database that cannot be reached
 * in time (a 503 with Retry-After) and, last, anything unexpected as a 500 that is logged and recorded on the span. Messages
 * never echo the rejected value, so a card number
 * sent in the wrong field cannot leak into a response or a log.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** A pool exhausted by a burst drains within a second or two; an outage is retried again and again. */
    private static final String DATABASE_RETRY_AFTER_SECONDS = "1";

    @ServerExceptionMapper
    public Response designed(ProblemException e) {
        if (e.problem().status() >= 500) {
            markSpanError(e);
        }
        Response.ResponseBuilder response = e.problem().toResponseBuilder();
        e.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response invalid(ConstraintViolationException e) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            errors.add(new Problem.FieldError(fieldPath(violation.getPropertyPath()), violation.getMessage()));
        }
        errors.sort(Comparator.comparing(Problem.FieldError::field));
        return Problem.of(400, "invalid-request", "Invalid request",
                "The request has " + errors.size() + " invalid field(s)")
                .withErrors(errors)
                .toResponse();
    }

    /** Quarkus maps this one itself (an empty 400), so it needs its own, more specific, mapper. */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response mismatched(MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response unreadable(JsonProcessingException e) {
        if (e instanceof JsonParseException) {
            return Problem.of(400, "malformed-json", "Malformed JSON", "The request body is not valid JSON")
                    .toResponse();
        }
        String field = e instanceof JsonMappingException mapping ? jsonPath(mapping.getPath()) : "";
        String message;
        if (e instanceof UnrecognizedPropertyException) {
            message = "is not a known field";
        } else if (e instanceof InvalidFormatException || e instanceof MismatchedInputException mismatch
                && mismatch.getTargetType() != null) {
            message = "has the wrong type" + expected(((MismatchedInputException) e).getTargetType());
        } else {
            message = "has an invalid value";
        }
        return Problem.of(400, "invalid-request", "Invalid request", "Field '" + field + "' " + message)
                .withErrors(List.of(new Problem.FieldError(field, message)))
                .toResponse();
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        Response original = e.getResponse();
        int status = original.getStatus();
        Response.Status.Family family = Response.Status.Family.familyOf(status);
        if (family == Response.Status.Family.SERVER_ERROR) {
            markSpanError(e);
        }
        String title = original.getStatusInfo().getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "No resource at this path";
            case 405 -> "This method is not allowed here";
            case 406 -> "No acceptable representation; ask for application/json";
            case 415 -> "Unsupported content type; send application/json";
            default -> title;
        };
        Response.ResponseBuilder response = Problem.of(status, slug(title), title, detail).toResponseBuilder();
        original.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> response.header(name, value));
            }
        });
        return response.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (databaseUnavailable(e)) {
            // Overload or an outage, not a bug: one line, no stack trace, however many requests it turns away.
            LOG.warnf("Database unavailable: %s", e.getMessage());
            markSpanError(e);
            return Problem.of(503, "database-unavailable", "Database unavailable",
                    "The service could not get a database connection in time; retry shortly")
                    .toResponseBuilder().header("Retry-After", DATABASE_RETRY_AFTER_SECONDS).build();
        }
        LOG.error("Unexpected error", e);
        markSpanError(e);
        return Problem.of(500, "internal-error", "Internal Server Error",
                "An unexpected error occurred; search the logs and traces for this traceId").toResponse();
    }

    /**
     * Whether the failure is the database being out of reach: no connection could be had in time. A refused or
     * broken connection has SQLState class 08, a server shutting down or starting 57P; a pool that stays exhausted
     * for its acquisition timeout has no SQLState at all in Agroal, the pool Quarkus uses ("Sorry, acquisition
     * timeout!"), so its message is the only sign of it.
     */
    static boolean databaseUnavailable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                    return true;
                }
                if (state == null && sql.getMessage() != null
                        && sql.getMessage().toLowerCase(Locale.ROOT).contains("acquisition timeout")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void markSpanError(Throwable e) {
        Span span = Span.current();
        span.recordException(e);
        span.setStatus(StatusCode.ERROR, e.getMessage());
    }

    /**
     * {@code checkout.body.items[0].quantity} becomes {@code items[0].quantity}, the path in the JSON body; a
     * violation on a parameter itself is named after the parameter ({@code body}, {@code idempotencyKey}).
     */
    static String fieldPath(Path path) {
        StringBuilder field = new StringBuilder();
        String parameter = "body";
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CROSS_PARAMETER
                    || node.getKind() == ElementKind.RETURN_VALUE) {
                continue;
            }
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() != null && node.getKind() != ElementKind.CONTAINER_ELEMENT) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(node.getName());
            }
        }
        return field.isEmpty() ? parameter : field.toString();
    }

    private static String jsonPath(List<JsonMappingException.Reference> references) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "; expected a number";
        }
        if (type == String.class) {
            return "; expected a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "; expected an array";
        }
        return "; expected an object";
    }

    private static String slug(String title) {
        return title.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
