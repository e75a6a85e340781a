package io.observability.demo.inventory.api;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.observability.demo.common.problem.Problem;
import io.observability.demo.common.problem.ProblemSchema;
import io.observability.demo.inventory.service.ReservationService;

@Path("/api/reservations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reservations")
public class ReservationResource {

    private final ReservationService reservations;

    ReservationResource(ReservationService reservations) {
        this.reservations = reservations;
    }

    /** 201 for a new reservation; 200 with the same reservation when the order id was already reserved. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reserve stock for an order: all items or none", description = "Idempotent per orderId. The stock is held until the reservation is confirmed, released "
            + "or expires.")
    @APIResponse(responseCode = "201", description = "Reserved; Location is the reservation", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReservationView.class)))
    @APIResponse(responseCode = "200", description = "This order was already reserved: the same reservation", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReservationView.class)))
    @APIResponse(responseCode = "400", description = "Invalid request; errors names each failing field", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = ProblemSchema.class)))
    @APIResponse(responseCode = "409", description = "Not enough stock of one item; nothing is reserved", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = ProblemSchema.class)))
    @APIResponse(responseCode = "422", description = "Unknown product; nothing is reserved", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = ProblemSchema.class)))
    public Response reserve(@NotNull @Valid ReservationRequest body) {
        ReservationService.Reserved result = reservations.reserve(body);
        ReservationView view = result.reservation();
        if (!result.created()) {
            return Response.ok(view).build();
        }
        return Response.created(URI.create("/api/reservations/" + view.id())).entity(view).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a reservation")
    @APIResponseSchema(value = ReservationView.class, responseCode = "200", responseDescription = "The reservation")
    @APIResponse(responseCode = "404", description = "No such reservation", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = ProblemSchema.class)))
    public ReservationView get(@PathParam("id") UUID id) {
        return reservations.get(id);
    }

    @POST
    @Path("/{id}/confirm")
    @Operation(summary = "Confirm a reservation: the stock is sold", description = "Idempotent.")
    @APIResponseSchema(value = ReservationView.class, responseCode = "200", responseDescription = "Confirmed (also when it already was)")
    @APIResponse(responseCode = "404", description = "No such reservation", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = ProblemSchema.class)))
    @APIResponse(responseCode = "409", description = "Released or expired: it can no longer be confirmed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = ProblemSchema.class)))
    public ReservationView confirm(@PathParam("id") UUID id) {
        return reservations.confirm(id);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Release a reservation: its stock is given back", description = "Idempotent. A confirmed reservation can be released too: that is how checkout compensates.")
    @APIResponse(responseCode = "204", description = "Released (also when it already was, or had expired)")
    @APIResponse(responseCode = "404", description = "No such reservation", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = ProblemSchema.class)))
    public Response release(@PathParam("id") UUID id) {
        reservations.release(id);
        return Response.noContent().build();
    }
}
