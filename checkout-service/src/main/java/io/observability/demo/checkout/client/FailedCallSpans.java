package io.observability.demo.checkout.client;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.ext.Provider;
import org.jboss.resteasy.reactive.client.impl.ClientRequestContextImpl;
import org.jboss.resteasy.reactive.client.spi.ResteasyReactiveClientRequestContext;
import org.jboss.resteasy.reactive.client.spi.ResteasyReactiveClientRequestFilter;

/**
 * Makes a downstream call that never got a response visible in the trace.
 * <p>
 * Quarkus starts the REST client span in a request filter and ends it in a response filter (Quarkus 3.33).
 * When the connection is refused, reset or times out there is no response, so the span is never ended and
 * never exported: the trace shows checkout's server span and nothing of the failed call or its retries. This
 * filter, which runs after Quarkus's, watches the call's outcome and ends that span as an ERROR, with the
 * exception, when the call fails without a response.
 */
@Provider
@Priority(Priorities.USER + 1000)
public class FailedCallSpans implements ResteasyReactiveClientRequestFilter {

    /** Where Quarkus's OpenTelemetryClientFilter keeps the context of the client span it started. */
    private static final String CLIENT_SPAN_CONTEXT = "otel.span.client.context";
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    @Override
    public void filter(ResteasyReactiveClientRequestContext request) {
        if (!(request.getProperty(CLIENT_SPAN_CONTEXT) instanceof Context context)
                || !(request instanceof ClientRequestContextImpl impl)) {
            return;
        }
        Span span = Span.fromContext(context);
        impl.getRestClientRequestContext().getResult().whenComplete((response, failure) -> {
            // isRecording() is false once the response filter has ended the span normally.
            if (failure != null && span.isRecording()) {
                span.recordException(failure);
                span.setAttribute(ERROR_TYPE, failure.getClass().getName());
                span.setStatus(StatusCode.ERROR, failure.getMessage());
                span.end();
            }
        });
    }
}
