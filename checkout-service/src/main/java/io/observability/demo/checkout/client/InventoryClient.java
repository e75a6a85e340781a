package io.observability.demo.checkout.client;

import java.util.UUID;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.observability.demo.checkout.client.InventoryRestClient.StockReservation;
import io.observability.demo.checkout.client.InventoryRestClient.ReserveRequest;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

/**
 * Reserves, confirms and releases stock with fault tolerance. All three calls are idempotent on inventory's
 * side (per order id, per reservation id), so retrying a failed or timed-out attempt never takes stock twice.
 * Out of stock (409) and unknown product (422) are answers, not failures: returned, never retried, never an
 * error span.
 */
@ApplicationScoped
public class InventoryClient {

    private static final String SERVICE = "inventory-service";

    /** The reservation, or why inventory refused it. */
    public record ReserveResult(StockReservation reservation, Refusal refusal, String detail) {
        public enum Refusal {
            OUT_OF_STOCK, UNKNOWN_PRODUCT
        }
    }

    private final InventoryRestClient client;

    InventoryClient(@RestClient InventoryRestClient client) {
        this.client = client;
    }

    @WithSpan("reserve-stock")
    @Retry(maxRetries = 2, delay = 200, jitter = 100, maxDuration = 8000,
            retryOn = { DownstreamUnavailableException.class, TimeoutException.class })
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.75, delay = 5000, successThreshold = 2)
    @CircuitBreakerName("inventory-reserve")
    @Timeout(2000)
    public ReserveResult reserve(ReserveRequest request) {
        try {
            return new ReserveResult(Downstream.call(SERVICE, () -> client.reserve(request)), null, null);
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 409 || status == 422) {
                return new ReserveResult(null, status == 409 ? ReserveResult.Refusal.OUT_OF_STOCK : ReserveResult.Refusal.UNKNOWN_PRODUCT,
                        String.valueOf(Downstream.problem(e).get("detail")));
            }
            throw e;
        }
    }

    @WithSpan("confirm-reservation")
    @Retry(maxRetries = 2, delay = 200, jitter = 100, maxDuration = 8000,
            retryOn = { DownstreamUnavailableException.class, TimeoutException.class })
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.75, delay = 5000, successThreshold = 2)
    @CircuitBreakerName("inventory-confirm")
    @Timeout(2000)
    public StockReservation confirm(@SpanAttribute("reservation.id") UUID reservationId) {
        return Downstream.call(SERVICE, () -> client.confirm(reservationId));
    }

    /** Gives the stock back; a reservation inventory does not know (404) has nothing to give back. */
    @WithSpan("release-reservation")
    @Retry(maxRetries = 2, delay = 200, jitter = 100, maxDuration = 8000,
            retryOn = { DownstreamUnavailableException.class, TimeoutException.class })
    @Timeout(2000)
    public void release(@SpanAttribute("reservation.id") UUID reservationId) {
        try {
            Downstream.run(SERVICE, () -> client.release(reservationId));
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() != 404) {
                throw e;
            }
        }
    }
}
