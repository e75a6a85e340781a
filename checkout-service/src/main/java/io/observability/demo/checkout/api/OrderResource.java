package io.observability.demo.checkout.api;

import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.observability.demo.checkout.service.OrderStore;
import io.observability.demo.common.problem.Problem;
import io.observability.demo.common.problem.ProblemSchema;

@Path("/api/orders")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Orders")
public class OrderResource {

    private final OrderStore orders;

    OrderResource(OrderStore orders) {
        this.orders = orders;
    }

    /** The store answers 404 for an unknown id. */
    @GET
    @Path("/{id}")
    @Operation(summary = "Get an order, confirmed, failed (with its reason) or still pending")
    @APIResponseSchema(value = OrderView.class, responseCode = "200", responseDescription = "The order")
    @APIResponse(responseCode = "404", description = "No such order", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = ProblemSchema.class)))
    public OrderView get(@PathParam("id") UUID id) {
        return orders.find(id);
    }
}
