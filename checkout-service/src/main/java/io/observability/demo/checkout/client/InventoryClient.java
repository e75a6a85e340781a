package io.observability.demo.checkout.client;

import java.net.URI;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.observability.demo.checkout.model.FailureReason;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.faulttolerance.api.CircuitBreakerName;

/**
 * Reserves, confirms and releases stock with fault tolerance: the annotations say which strategies apply (releasing,
 * the compensation, has no circuit breaker: it keeps being tried); their values, the same for every downstream call,
 * are {@code quarkus.fault-tolerance.global.*} in application.properties. All three calls are idempotent on
 * inventory's side (per order id, per reservation id), so retrying a failed or timed-out attempt never takes stock
 * twice. Out of stock (409) and unknown product (422) are answers, not failures: returned, never retried, never an
 * error span.
 */
@ApplicationScoped
public class InventoryClient {

    /** The circuit breakers of {@link #reserve} and {@link #confirm}, as {@code DownstreamHealthCheck} names them. */
    public static final String RESERVE_BREAKER = "inventory-reserve";
    public static final String CONFIRM_BREAKER = "inventory-confirm";

    private final InventoryRestClient client;
    private final Downstream inventory;

    InventoryClient(@RestClient InventoryRestClient client,
            @ConfigProperty(name = "quarkus.rest-client.inventory.url") URI url, Tracer tracer) {
        this.client = client;
        this.inventory = new Downstream("inventory-service", url, tracer);
    }

    @WithSpan("reserve-stock")
    @Timeout
    @Retry
    @CircuitBreaker
    @CircuitBreakerName(RESERVE_BREAKER)
    public ReserveResult reserve(ReserveRequest request) {
        try {
            StockReservation reservation = inventory.call("POST", "/api/reservations", () -> client.reserve(request));
            return new ReserveResult(reservation, null, null);
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 409 || status == 422) {
                FailureReason refusal = status == 409 ? FailureReason.OUT_OF_STOCK : FailureReason.UNKNOWN_PRODUCT;
                return new ReserveResult(null, refusal, String.valueOf(Downstream.problem(e).get("detail")));
            }
            throw e;
        }
    }

    @WithSpan("confirm-reservation")
    @Timeout
    @Retry
    @CircuitBreaker
    @CircuitBreakerName(CONFIRM_BREAKER)
    public StockReservation confirm(@SpanAttribute("reservation.id") UUID reservationId) {
        return inventory.call("POST", "/api/reservations/{id}/confirm", () -> client.confirm(reservationId),
                reservationId);
    }

    /** Gives the stock back; a reservation inventory does not know (404) has nothing to give back. */
    @WithSpan("release-reservation")
    @Timeout
    @Retry
    public void release(@SpanAttribute("reservation.id") UUID reservationId) {
        try {
            inventory.run("DELETE", "/api/reservations/{id}", () -> client.release(reservationId), reservationId);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() != 404) {
                throw e;
            }
        }
    }
}
