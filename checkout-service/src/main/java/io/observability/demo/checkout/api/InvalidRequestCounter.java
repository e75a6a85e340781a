package io.observability.demo.checkout.api;

import io.observability.demo.checkout.metrics.CheckoutMetrics;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Counts rejected checkout requests. Validation and JSON errors are answered before the resource method runs,
 * so they are counted here, on the response, rather than in the checkout code.
 */
@Provider
@CountsInvalidRequests
public class InvalidRequestCounter implements ContainerResponseFilter {

    private final CheckoutMetrics metrics;

    InvalidRequestCounter(CheckoutMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() == 400) {
            metrics.invalid();
        }
    }
}
