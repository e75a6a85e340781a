package io.observability.demo.checkout.api;

import java.util.UUID;

import io.observability.demo.checkout.service.OrderStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/orders")
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {

    private final OrderStore orders;

    OrderResource(OrderStore orders) {
        this.orders = orders;
    }

    /** The store answers 404 for an unknown id. */
    @GET
    @Path("/{id}")
    public OrderView get(@PathParam("id") UUID id) {
        return orders.find(id);
    }
}
