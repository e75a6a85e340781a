package io.observability.demo.payment.api;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.observability.demo.common.problem.Problem;
import io.observability.demo.common.problem.ProblemSchema;
import io.observability.demo.payment.service.PaymentService;

@Path("/api/payments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Payments")
public class PaymentResource {

    private final PaymentService payments;

    PaymentResource(PaymentService payments) {
        this.payments = payments;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Authorize a payment for an order", description = "Idempotent per orderId: a repeat gets the recorded outcome and is never authorized twice. "
            + "Test cards: 4242424242424242 approves, 4000000000000002 is declined (card_declined), "
            + "4000000000009995 is declined (insufficient_funds), 4000000000000119 fails with 503.")
    @APIResponseSchema(value = PaymentResponse.class, responseCode = "201", responseDescription = "Authorized (also when repeated)")
    @APIResponse(responseCode = "400", description = "Invalid request; errors names each failing field", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = ProblemSchema.class)))
    @APIResponse(responseCode = "402", description = "Declined; the problem's reason is card_declined or insufficient_funds", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = ProblemSchema.class)))
    @APIResponse(responseCode = "503", description = "Payment gateway unavailable; nothing was charged, retry later", headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying", schema = @Schema(type = SchemaType.INTEGER)), content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = ProblemSchema.class)))
    public RestResponse<PaymentResponse> authorize(@Valid @NotNull PaymentRequest body, @Context UriInfo uriInfo) {
        PaymentResponse payment = PaymentResponse.of(payments.authorize(body));
        URI location = uriInfo.getAbsolutePathBuilder().path(payment.id().toString()).build();
        return RestResponse.ResponseBuilder.<PaymentResponse> created(location).entity(payment).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get a payment")
    @APIResponseSchema(value = PaymentResponse.class, responseCode = "200", responseDescription = "The payment")
    @APIResponse(responseCode = "404", description = "No such payment", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = ProblemSchema.class)))
    public PaymentResponse get(@PathParam("id") UUID id) {
        return PaymentResponse.of(payments.get(id));
    }

    @GET
    @Operation(summary = "List the payments of an order (at most one)")
    @APIResponse(responseCode = "200", description = "The order's payment, or none", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = PaymentResponse.class)))
    @APIResponse(responseCode = "400", description = "No orderId", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = ProblemSchema.class)))
    public List<PaymentResponse> byOrder(@QueryParam("orderId") @NotBlank String orderId) {
        return payments.byOrder(orderId).stream().map(PaymentResponse::of).toList();
    }
}
