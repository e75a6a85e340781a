package io.observability.demo.common.tracing;

import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.MDC;

import io.observability.demo.common.validation.SafeId;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;

/**
 * Runs first on every request of the public HTTP port, after the OpenTelemetry server span has started:
 * <ul>
 * <li>answers with a {@code traceresponse} header (W3C Trace Context Level 2), so any client can take the
 * trace id of its own request to Jaeger;</li>
 * <li>accepts an {@code X-Request-ID} (or makes one, and sets it on the request, where a REST client that
 * propagates it finds it), echoes it, puts it in the MDC as {@code requestId} (every log line of the request
 * carries it) and on the server span as {@code request.id}.</li>
 * </ul>
 */
@ApplicationScoped
public class TraceHeadersFilter {

    public static final String TRACE_RESPONSE = "traceresponse";
    public static final String REQUEST_ID = "X-Request-ID";
    public static final String REQUEST_ID_MDC_KEY = "requestId";
    public static final String REQUEST_ID_ATTRIBUTE = "request.id";

    /** Caller-supplied ids are echoed into headers and logs: keep them short and harmless. */
    private static final Pattern SAFE_ID = Pattern.compile(SafeId.PATTERN);
    private static final int MAX_REQUEST_ID_LENGTH = 128;

    void register(@Observes Filters filters) {
        filters.register(this::handle, 1000);
    }

    void handle(RoutingContext rc) {
        String requestId = rc.request().getHeader(REQUEST_ID);
        if (requestId == null || requestId.isEmpty() || requestId.length() > MAX_REQUEST_ID_LENGTH
                || !SAFE_ID.matcher(requestId).matches()) {
            requestId = UUID.randomUUID().toString();
            // On the request too: the REST clients forward the request's own X-Request-ID to the next service.
            rc.request().headers().set(REQUEST_ID, requestId);
        }
        rc.response().putHeader(REQUEST_ID, requestId);
        MDC.put(REQUEST_ID_MDC_KEY, requestId);

        Span span = Span.current();
        SpanContext context = span.getSpanContext();
        if (context.isValid()) {
            span.setAttribute(REQUEST_ID_ATTRIBUTE, requestId);
            rc.response().putHeader(TRACE_RESPONSE, traceResponse(context));
        }
        rc.next();
    }

    /** {@code 00-<trace-id>-<span-id>-<flags>}: the server span of this request. */
    public static String traceResponse(SpanContext context) {
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }
}
