package io.observability.demo.checkout.client;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** inventory-service's reservation API, at {@code quarkus.rest-client.inventory.url}. */
@RegisterRestClient(configKey = "inventory")
@RegisterClientHeaders // forwards the headers named in org.eclipse.microprofile.rest.client.propagateHeaders
@Path("/api/reservations")
@Produces(MediaType.APPLICATION_JSON)
public interface InventoryRestClient {

    record ReserveRequest(String orderId, List<Item> items) {
        public record Item(String sku, int quantity) {
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record StockReservation(UUID id, String orderId, String status, List<Item> items, BigDecimal total, String currency,
            Instant expiresAt) {
        @JsonIgnoreProperties(ignoreUnknown = true)
        public record Item(String sku, int quantity, BigDecimal unitPrice) {
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    StockReservation reserve(ReserveRequest request);

    @POST
    @Path("/{id}/confirm")
    StockReservation confirm(@PathParam("id") UUID id);

    @DELETE
    @Path("/{id}")
    void release(@PathParam("id") UUID id);
}
