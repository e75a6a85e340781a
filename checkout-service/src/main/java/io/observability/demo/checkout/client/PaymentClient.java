package io.observability.demo.checkout.client;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.observability.demo.checkout.client.PaymentRestClient.AuthorizedPayment;
import io.observability.demo.checkout.client.PaymentRestClient.AuthorizationRequest;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

/**
 * Authorizes payments with fault tolerance: each attempt times out after 2 s; a 503, a timeout or a refused
 * connection is retried twice with backoff (safe: payment-service is idempotent per order id); a circuit
 * breaker stops calling a payment-service that keeps failing (75% of the last 20 calls), so checkout answers
 * fast instead of piling up. The ratio is high on purpose: the demo injects failure rates of 5 to 30% and
 * retries absorb those; the breaker is for an outage. A decline is an answer, not a failure: it is returned,
 * never retried, never an error span. Tune any of it without code through MicroProfile Fault Tolerance
 * config, e.g. {@code io.observability.demo.checkout.client.PaymentClient/authorize/Timeout/value=5000}.
 */
@ApplicationScoped
public class PaymentClient {

    private static final String SERVICE = "payment-service";

    /** The authorized payment, or the reason the payment was declined. */
    public record Authorization(AuthorizedPayment payment, String declineReason) {
        public boolean declined() {
            return declineReason != null;
        }
    }

    private final PaymentRestClient client;

    PaymentClient(@RestClient PaymentRestClient client) {
        this.client = client;
    }

    @WithSpan("authorize-payment")
    @Retry(maxRetries = 2, delay = 200, jitter = 100, maxDuration = 8000,
            retryOn = { DownstreamUnavailableException.class, TimeoutException.class })
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.75, delay = 5000, successThreshold = 2)
    @CircuitBreakerName("payment-authorize")
    @Timeout(2000)
    public Authorization authorize(AuthorizationRequest request) {
        try {
            return new Authorization(Downstream.call(SERVICE, () -> client.authorize(request)), null);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 402) {
                return new Authorization(null, String.valueOf(Downstream.problem(e).getOrDefault("reason", "declined")));
            }
            throw e;
        }
    }
}
