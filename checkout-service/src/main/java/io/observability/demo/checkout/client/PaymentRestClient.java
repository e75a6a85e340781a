package io.observability.demo.checkout.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * payment-service's authorization API, at {@code quarkus.rest-client.payment.url}. Package-private: the rest of
 * checkout calls {@link PaymentClient}, which adds the fault tolerance.
 */
@RegisterRestClient(configKey = "payment")
@RegisterClientHeaders // forwards the headers named in org.eclipse.microprofile.rest.client.propagateHeaders
@Path("/api/payments")
@Produces(MediaType.APPLICATION_JSON)
interface PaymentRestClient {

    /** Idempotent per order id on payment's side, which is what makes retrying it safe. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    AuthorizedPayment authorize(AuthorizationRequest request);
}
