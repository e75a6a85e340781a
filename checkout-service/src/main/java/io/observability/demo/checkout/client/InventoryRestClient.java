package io.observability.demo.checkout.client;

import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * inventory-service's reservation API, at {@code quarkus.rest-client.inventory.url}. Package-private: the rest of
 * checkout calls {@link InventoryClient}, which adds the fault tolerance.
 */
@RegisterRestClient(configKey = "inventory")
@RegisterClientHeaders // forwards the headers named in org.eclipse.microprofile.rest.client.propagateHeaders
@Path("/api/reservations")
@Produces(MediaType.APPLICATION_JSON)
interface InventoryRestClient {

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
