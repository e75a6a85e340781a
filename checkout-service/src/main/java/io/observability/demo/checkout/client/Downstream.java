package io.observability.demo.checkout.client;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.vertx.core.VertxException;

/** A downstream service as checkout calls it: which failures are worth a retry, and what the trace shows of them. */
final class Downstream {

    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private final String service;
    private final URI url;
    private final Tracer tracer;

    /** @param url the base URL the service's REST client calls */
    Downstream(String service, URI url, Tracer tracer) {
        this.service = service;
        this.url = url;
        this.tracer = tracer;
    }

    /**
     * One attempt of a REST client call to {@code method path} (the fault-tolerance retries call the bean method
     * again, so this runs once per attempt). A failure worth retrying (refused, reset, closed mid-request, a 5xx
     * answer) becomes a {@link DownstreamUnavailableException}; a 4xx answer stays a
     * {@link WebApplicationException} for the caller to read.
     *
     * @param path the path template, such as {@code /api/reservations/{id}}, filled with {@code pathValues}
     */
    <T> T call(String method, String path, Supplier<T> call, Object... pathValues) {
        long startNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
        try {
            return call.get();
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() >= 500) {
                throw new DownstreamUnavailableException(service + " answered " + e.getResponse().getStatus(), e);
            }
            throw e;
        } catch (ProcessingException | VertxException e) {
            // Vert.x reports a connection closed mid-request (a crashed downstream) without wrapping it.
            Throwable notConnected = connectFailure(e);
            if (notConnected != null) {
                recordClientSpan(method, path, pathValues, startNanos, notConnected);
            }
            throw new DownstreamUnavailableException(service + " could not be reached (" + rootMessage(e) + ")", e);
        }
    }

    void run(String method, String path, Runnable call, Object... pathValues) {
        call(method, path, () -> {
            call.run();
            return null;
        }, pathValues);
    }

    /** The problem body of an error response, or an empty map if it has none. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> problem(WebApplicationException e) {
        try {
            Response response = e.getResponse();
            return response.hasEntity() ? response.readEntity(Map.class) : Map.of();
        } catch (RuntimeException unreadable) {
            return Map.of();
        }
    }

    /**
     * The REST client's CLIENT spans come from Vert.x's HTTP client tracer, which starts a span only once it has a
     * connection (Quarkus 3.33): a refused connection or a host that does not resolve leaves no span at all, and the
     * trace would show nothing of the attempts. This records the span Vert.x did not: same name and attributes,
     * status ERROR, the exception as an event. A failure after connecting already has Vert.x's span, marked ERROR.
     */
    private void recordClientSpan(String method, String path, Object[] pathValues, long startNanos, Throwable failure) {
        URI target = UriBuilder.fromUri(url).path(path).build(pathValues);
        Span span = tracer.spanBuilder(method + " " + path)
                .setSpanKind(SpanKind.CLIENT)
                .setStartTimestamp(startNanos, TimeUnit.NANOSECONDS)
                .setAttribute("http.request.method", method)
                .setAttribute("url.full", target.toString())
                .setAttribute("server.address", target.getHost())
                .setAttribute("server.port", (long) target.getPort())
                .startSpan();
        span.recordException(failure);
        span.setAttribute(ERROR_TYPE, failure.getClass().getName());
        span.setStatus(StatusCode.ERROR, failure.getMessage());
        span.end();
    }

    /** The refused connection or unresolved host behind a failure, or null when the call had connected. */
    private static Throwable connectFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
                return cause;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
