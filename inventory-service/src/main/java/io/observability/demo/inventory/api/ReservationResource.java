package io.observability.demo.inventory.api;

import java.net.URI;
import java.util.UUID;

import io.observability.demo.inventory.service.ReservationService;
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

@Path("/api/reservations")
@Produces(MediaType.APPLICATION_JSON)
public class ReservationResource {

    private final ReservationService reservations;

    ReservationResource(ReservationService reservations) {
        this.reservations = reservations;
    }

    /** 201 for a new reservation; 200 with the same reservation when the order id was already reserved. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
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
    public ReservationView get(@PathParam("id") UUID id) {
        return reservations.get(id);
    }

    @POST
    @Path("/{id}/confirm")
    public ReservationView confirm(@PathParam("id") UUID id) {
        return reservations.confirm(id);
    }

    @DELETE
    @Path("/{id}")
    public Response release(@PathParam("id") UUID id) {
        reservations.release(id);
        return Response.noContent().build();
    }
}
