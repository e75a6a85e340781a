package io.observability.demo.checkout.api;

import java.util.UUID;

import io.observability.demo.checkout.model.Order;
import io.observability.demo.common.problem.Problem;
import io.observability.demo.common.problem.ProblemException;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/orders")
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {

    @GET
    @Path("/{id}")
    @Transactional
    public OrderView get(@PathParam("id") UUID id) {
        return Order.<Order> findByIdOptional(id).map(OrderView::of)
                .orElseThrow(() -> new ProblemException(Problem.of(404, "order-not-found", "Order not found",
                        "No order with this id").with("orderId", id)));
    }
}
