package io.observability.demo.checkout.api;

import java.net.URI;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.observability.demo.checkout.model.OrderStatus;
import io.observability.demo.checkout.service.CheckoutService;
import io.observability.demo.common.problem.Problem;
import io.observability.demo.common.problem.ProblemException;
import io.observability.demo.common.problem.ProblemSchema;
import io.observability.demo.common.validation.SafeId;

@Path("/api/checkout")
@Tag(name = "Checkout")
public class CheckoutResource {

    /** Retry-After for a 503: long enough for a circuit breaker to have a chance to close again. */
    private static final String RETRY_AFTER_SECONDS = "5";
    /** Retry-After when too many checkouts run at once: the ones under way finish within a second or two. */
    private static final String OVERLOADED_RETRY_AFTER_SECONDS = "1";

    private final CheckoutService checkout;

    CheckoutResource(CheckoutService checkout) {
        this.checkout = checkout;
    }

    /**
     * Places an order. 201 when confirmed; otherwise a problem: 402 declined (with the payment's
     * {@code reason}), 409 out of stock, 422 unknown product, 503 payment or inventory unavailable or too many
     * checkouts at once (with {@code Retry-After}), 400 invalid request (no order is created). The same {@code Idempotency-Key}
     * replays
     * the first result and never charges twice.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Place an order", description = "Reserves the stock, authorizes the payment and confirms the order, or fails it and gives "
            + "the stock back. A repeated Idempotency-Key replays the first result and never charges twice. "
            + "Test cards: 4242424242424242 approves, 4000000000000002 is declined (card_declined), "
            + "4000000000009995 is declined (insufficient_funds).")
    @APIResponseSchema(value = CheckoutResponse.class, responseCode = "201", responseDescription = "Confirmed; Location is the order")
    @APIResponse(responseCode = "400", description = "Invalid request; errors names each failing field. No order is "
            + "created", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = ProblemSchema.class)))
    @APIResponse(responseCode = "402", description = "Payment declined; the problem's reason is card_declined or "
            + "insufficient_funds", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = ProblemSchema.class)))
    @APIResponse(responseCode = "409", description = "Out of stock, or the first request with this Idempotency-Key "
            + "is still running (with Retry-After)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = ProblemSchema.class)))
    @APIResponse(responseCode = "422", description = "Unknown product, or the Idempotency-Key was used for a "
            + "different request", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = ProblemSchema.class)))
    @APIResponse(responseCode = "503", description = "Payment, inventory or the database unavailable, or too many "
            + "checkouts at once; nothing was charged", headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying", schema = @Schema(type = SchemaType.INTEGER)), content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = ProblemSchema.class)))
    public Response checkout(@NotNull @Valid CheckoutRequest body,
            @HeaderParam("Idempotency-Key") @Size(min = 1, max = 128) @SafeId String idempotencyKey) {
        OrderView order = checkout.checkout(body, idempotencyKey);
        if (order.status() == OrderStatus.CONFIRMED) {
            return Response.created(URI.create("/api/orders/" + order.id()))
                    .entity(CheckoutResponse.of(order))
                    .build();
        }
        throw failure(order);
    }

    /** Turned away by the bulkhead of {@link CheckoutService#checkout}: no order was created. */
    @ServerExceptionMapper
    Response overloaded(BulkheadException e) {
        return Problem.of(503, "overloaded", "Overloaded",
                "Too many checkouts are under way; no order was created, retry shortly")
                .toResponseBuilder().header("Retry-After", OVERLOADED_RETRY_AFTER_SECONDS).build();
    }

    private static ProblemException failure(OrderView order) {
        return switch (order.failureReason()) {
            case DECLINED -> new ProblemException(Problem.of(402, "payment-declined", "Payment declined",
                    "The payment was declined: " + order.declineReason())
                    .with("reason", order.declineReason()).with("orderId", order.id()));
            case OUT_OF_STOCK -> new ProblemException(Problem.of(409, "out-of-stock", "Out of stock",
                    "Not enough stock for this order").with("orderId", order.id()));
            case UNKNOWN_PRODUCT -> new ProblemException(Problem.of(422, "unknown-product", "Unknown product",
                    "The order names a product that does not exist").with("orderId", order.id()));
            case PAYMENT_UNAVAILABLE -> new ProblemException(Problem.of(503, "payment-unavailable",
                    "Payment unavailable", "The payment service could not authorize the payment; nothing was charged")
                    .with("orderId", order.id()), Map.of("Retry-After", RETRY_AFTER_SECONDS));
            case INVENTORY_UNAVAILABLE -> new ProblemException(Problem.of(503, "inventory-unavailable",
                    "Inventory unavailable", "The inventory service could not handle the order; nothing was charged")
                    .with("orderId", order.id()), Map.of("Retry-After", RETRY_AFTER_SECONDS));
        };
    }
}
