package io.observability.demo.payment;

import static io.observability.demo.payment.PaymentApi.APPROVED_CARD;
import static io.observability.demo.payment.PaymentApi.DECLINED_CARD;
import static io.observability.demo.payment.PaymentApi.EXACT_NUMBERS;
import static io.observability.demo.payment.PaymentApi.INSUFFICIENT_FUNDS_CARD;
import static io.observability.demo.payment.PaymentApi.UNAVAILABLE_CARD;
import static io.observability.demo.payment.PaymentApi.authorize;
import static io.observability.demo.payment.PaymentApi.newOrderId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class PaymentResourceTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    @Inject
    PaymentRows rows;

    @Test
    void authorizesAndKeepsOnlyTheLastFourDigits() {
        String orderId = newOrderId();
        Response response = authorize(orderId, APPROVED_CARD)
                .statusCode(201)
                .contentType("application/json")
                .body("id", notNullValue())
                .body("orderId", is(orderId))
                .body("status", is("AUTHORIZED"))
                .body("amount", is(new BigDecimal("49.90")))
                .body("currency", is("EUR"))
                .body("cardLast4", is("4242"))
                .body("declineReason", nullValue())
                .extract().response();

        String id = response.path("id");
        assertTrue(response.header("Location").endsWith("/api/payments/" + id), response.header("Location"));
        assertFalse(response.asString().contains(APPROVED_CARD), "the full card number is never returned");
    }

    @Test
    void getsAPaymentByIdAndByOrder() {
        String orderId = newOrderId();
        String id = authorize(orderId, APPROVED_CARD).statusCode(201).extract().path("id");

        given().config(EXACT_NUMBERS).get("/api/payments/{id}", id).then()
                .statusCode(200)
                .body("id", is(id))
                .body("orderId", is(orderId))
                .body("status", is("AUTHORIZED"))
                .body("amount", is(new BigDecimal("49.90")))
                .body("cardLast4", is("4242"));

        given().queryParam("orderId", orderId).get("/api/payments").then()
                .statusCode(200)
                .body("$", hasSize(1))
                .body("[0].id", is(id));

        given().queryParam("orderId", newOrderId()).get("/api/payments").then()
                .statusCode(200)
                .body("$", hasSize(0));
    }

    @Test
    void listWithoutOrderIdIsABadRequest() {
        given().get("/api/payments").then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("status", is(400))
                .body("errors.field", hasItem("orderId"));
    }

    @Test
    void unknownPaymentIsANotFoundProblem() {
        given().get("/api/payments/{id}", UUID.randomUUID()).then()
                .statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("type", is("urn:problem-type:payment-not-found"));
        given().get("/api/payments/not-a-uuid").then()
                .statusCode(404)
                .contentType(PROBLEM_JSON);
    }

    @ParameterizedTest
    @CsvSource({
            DECLINED_CARD + ", card_declined",
            INSUFFICIENT_FUNDS_CARD + ", insufficient_funds" })
    void declinedCardIsAPaymentRequiredProblemWithItsReason(String card, String reason) {
        String orderId = newOrderId();
        String paymentId = authorize(orderId, card)
                .statusCode(402)
                .contentType(PROBLEM_JSON)
                .body("type", is("urn:problem-type:payment-declined"))
                .body("status", is(402))
                .body("reason", is(reason))
                .body("orderId", is(orderId))
                .body("traceId", matchesPattern("[0-9a-f]{32}"))
                .body(not(containsString(card)))
                .extract().path("paymentId");

        // The decline is recorded: it is the order's final outcome.
        given().get("/api/payments/{id}", paymentId).then()
                .statusCode(200)
                .body("status", is("DECLINED"))
                .body("declineReason", is(reason))
                .body("cardLast4", is(card.substring(12)));
    }

    @Test
    void unavailableGatewayIsARetryableServiceUnavailableProblem() {
        String orderId = newOrderId();
        authorize(orderId, UNAVAILABLE_CARD)
                .statusCode(503)
                .header("Retry-After", "1")
                .contentType(PROBLEM_JSON)
                .body("type", is("urn:problem-type:payment-gateway-unavailable"))
                .body("status", is(503))
                .body("reason", is("gateway_error"))
                .body("traceId", matchesPattern("[0-9a-f]{32}"));

        assertEquals(0, rows.count(orderId), "a gateway failure is not an outcome");
    }

    @Test
    void everyResponseCarriesTheTraceHeaders() {
        authorize(newOrderId(), APPROVED_CARD)
                .statusCode(201)
                .header("traceresponse", matchesPattern("00-[0-9a-f]{32}-[0-9a-f]{16}-01"))
                .header("X-Request-ID", notNullValue());
    }

    @Test
    void openApiDocumentsThePaymentsApiOnThePublicPort() {
        given().queryParam("format", "json").get("/q/openapi").then()
                .statusCode(200)
                .body("info.title", is("Payment API"))
                .body("paths.keySet()", hasItem("/api/payments"))
                .body("paths.keySet()", hasItem(endsWith("{id}")));
    }
}
