package io.observability.demo.checkout.client;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** payment-service's authorization API, at {@code quarkus.rest-client.payment.url}. */
@RegisterRestClient(configKey = "payment")
@RegisterClientHeaders // forwards the headers named in org.eclipse.microprofile.rest.client.propagateHeaders
@Path("/api/payments")
@Produces(MediaType.APPLICATION_JSON)
public interface PaymentRestClient {

    record AuthorizationRequest(String orderId, BigDecimal amount, String currency, String cardNumber) {
        @Override
        public String toString() {
            return "AuthorizationRequest[orderId=" + orderId + ", amount=" + amount + " " + currency + ", card=****]";
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AuthorizedPayment(String id, String orderId, String status, BigDecimal amount, String currency) {
    }

    /** Idempotent per order id on payment's side, which is what makes retrying it safe. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    AuthorizedPayment authorize(AuthorizationRequest request);
}
