package io.observability.demo.checkout.client;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.faulttolerance.api.CircuitBreakerName;

/**
 * Authorizes payments with fault tolerance: each attempt times out; a 503, a timeout or a refused connection is
 * retried with backoff (safe: payment-service is idempotent per order id); a circuit breaker stops calling a
 * payment-service that keeps failing, so checkout answers fast instead of piling up. The annotations say which
 * strategies apply; their values, the same for every downstream call, are {@code quarkus.fault-tolerance.global.*}
 * in application.properties. A decline is an answer, not a failure: it is returned, never retried, never an error
 * span.
 */
@ApplicationScoped
public class PaymentClient {

    /** The circuit breaker of {@link #authorize}, as {@code DownstreamHealthCheck} names it. */
    public static final String AUTHORIZE_BREAKER = "payment-authorize";

    private final PaymentRestClient client;
    private final Downstream payment;

    PaymentClient(@RestClient PaymentRestClient client,
            @ConfigProperty(name = "quarkus.rest-client.payment.url") URI url, Tracer tracer) {
        this.client = client;
        this.payment = new Downstream("payment-service", url, tracer);
    }

    @WithSpan("authorize-payment")
    @Timeout
    @Retry
    @CircuitBreaker
    @CircuitBreakerName(AUTHORIZE_BREAKER)
    public Authorization authorize(AuthorizationRequest request) {
        try {
            return new Authorization(payment.call("POST", "/api/payments", () -> client.authorize(request)), null);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 402) {
                return new Authorization(null,
                        String.valueOf(Downstream.problem(e).getOrDefault("reason", "declined")));
            }
            throw e;
        }
    }
}
