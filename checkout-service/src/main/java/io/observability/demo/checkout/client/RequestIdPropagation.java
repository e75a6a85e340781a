package io.observability.demo.checkout.client;

import io.observability.demo.common.tracing.TraceHeadersFilter;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.MDC;

/**
 * Forwards the request id of the checkout request to inventory and payment, so one {@code X-Request-ID}
 * finds the log lines of all three services, as one trace id finds their spans.
 */
@Provider
public class RequestIdPropagation implements ClientRequestFilter {

    @Override
    public void filter(ClientRequestContext request) {
        Object requestId = MDC.get(TraceHeadersFilter.REQUEST_ID_MDC_KEY);
        if (requestId != null && !request.getHeaders().containsKey(TraceHeadersFilter.REQUEST_ID)) {
            request.getHeaders().putSingle(TraceHeadersFilter.REQUEST_ID, requestId);
        }
    }
}
