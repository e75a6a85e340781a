package io.observability.demo.checkout.client;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import jakarta.inject.Inject;
import jakarta.ws.rs.ext.Provider;
import org.jboss.resteasy.reactive.client.impl.ClientRequestContextImpl;
import org.jboss.resteasy.reactive.client.spi.ResteasyReactiveClientRequestContext;
import org.jboss.resteasy.reactive.client.spi.ResteasyReactiveClientRequestFilter;

/**
 * Makes a downstream call that never reached the downstream visible in the trace.
 * <p>
 * The REST client's CLIENT spans come from Vert.x's HTTP client tracer, which starts a span only once it has a
 * connection (Quarkus 3.33). When the connection is refused, or the host does not resolve, there is no span at
 * all: the trace shows checkout's {@code authorize-payment} step and nothing of the attempts it made. This filter
 * watches each call and, when it failed before connecting, records the CLIENT span that Vert.x did not: same
 * name and attributes, status ERROR, the exception as an event. A failure after connecting (reset, closed,
 * timed out) already has Vert.x's span, marked ERROR.
 */
@Provider
public class FailedCallSpans implements ResteasyReactiveClientRequestFilter {

    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    /** Where the REST client keeps the path template of the call, such as {@code /api/reservations/{id}}. */
    private static final String PATH_TEMPLATE = "UrlPathTemplate";

    @Inject
    Tracer tracer;

    @Override
    public void filter(ResteasyReactiveClientRequestContext request) {
        if (!(request instanceof ClientRequestContextImpl impl)) {
            return;
        }
        Context parent = Context.current();
        long startNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
        impl.getRestClientRequestContext().getResult().whenComplete((response, failure) -> {
            if (failure != null && failedBeforeConnecting(failure)) {
                record(request, parent, startNanos, failure);
            }
        });
    }

    private void record(ResteasyReactiveClientRequestContext request, Context parent, long startNanos, Throwable failure) {
        URI uri = request.getUri();
        String path = request.getProperty(PATH_TEMPLATE) instanceof String template ? template : uri.getPath();
        Span span = tracer.spanBuilder(request.getMethod() + " " + path)
                .setSpanKind(SpanKind.CLIENT)
                .setParent(parent)
                .setStartTimestamp(startNanos, TimeUnit.NANOSECONDS)
                .setAttribute("http.request.method", request.getMethod())
                .setAttribute("url.full", uri.toString())
                .setAttribute("server.address", uri.getHost())
                .setAttribute("server.port", (long) uri.getPort())
                .startSpan();
        span.recordException(failure);
        span.setAttribute(ERROR_TYPE, failure.getClass().getName());
        span.setStatus(StatusCode.ERROR, failure.getMessage());
        span.end();
    }

    private static boolean failedBeforeConnecting(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }
}
