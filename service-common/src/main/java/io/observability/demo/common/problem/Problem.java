package io.observability.demo.common.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * An RFC 9457 problem detail. Every error a service returns is one of these, and every one carries
 * the trace id of the request, so a user can paste it straight into Jaeger.
 */
public final class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:problem-type:";

    private final int status;
    private final Map<String, Object> body = new LinkedHashMap<>();

    private Problem(int status, String type, String title, String detail) {
        this.status = status;
        body.put("type", TYPE_PREFIX + type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
    }

    /** @param type a short slug such as {@code out-of-stock}; it becomes {@code urn:problem-type:out-of-stock}. */
    public static Problem of(int status, String type, String title, String detail) {
        return new Problem(status, type, title, detail);
    }

    /** Adds an extension member, such as {@code reason} for a declined payment. */
    public Problem with(String name, Object value) {
        body.put(name, value);
        return this;
    }

    public Problem withErrors(List<FieldError> errors) {
        return with("errors", errors);
    }

    public String detail() {
        return (String) body.get("detail");
    }

    public int status() {
        return status;
    }

    /** The body, with the trace id of the current span (the request's) added last so it is always present. */
    public Map<String, Object> body() {
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid()) {
            body.put("traceId", span.getTraceId());
        }
        return body;
    }

    public Response toResponse() {
        return toResponseBuilder().build();
    }

    public Response.ResponseBuilder toResponseBuilder() {
        return Response.status(status).type(MEDIA_TYPE).entity(body());
    }

    /** One failing field of a request: a JSON path such as {@code items[0].quantity} and what is wrong with it. */
    public record FieldError(String field, String message) {
    }
}
