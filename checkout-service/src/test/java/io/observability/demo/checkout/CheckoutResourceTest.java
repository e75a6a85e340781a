package io.observability.demo.checkout;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.observability.demo.checkout.service.ReleaseRetry;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/** Every outcome of a checkout, against stubbed inventory and payment services. */
@QuarkusTest
class CheckoutResourceTest {

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    ReleaseRetry releaseRetry;

    @Inject
    Scheduler scheduler;

    @BeforeEach
    void reset() {
        Stubs.reset(breakers);
        Stubs.inventoryWorks();
    }

    @Test
    void aGoodCardConfirmsTheOrder() {
        Stubs.paymentAuthorizes();

        String orderId = post(Stubs.checkout(Stubs.GOOD_CARD))
                .statusCode(201)
                .header("Location", notNullValue())
                .body("status", equalTo("CONFIRMED"))
                .body("total", equalTo(179.80f))
                .body("currency", equalTo("USD"))
                .body("paymentId", equalTo(Stubs.PAYMENT_ID))
                .body("items[0].sku", equalTo("KB-001"))
                .body("items[0].unitPrice", equalTo(89.90f))
                .extract().path("orderId");

        given().get("/api/orders/{id}", orderId).then().statusCode(200)
                .body("status", equalTo("CONFIRMED"))
                .body("paymentId", equalTo(Stubs.PAYMENT_ID))
                .body("createdAt", notNullValue());
        assertEquals(1, Stubs.paymentAttempts());
        assertEquals(0, Stubs.releases());
        // The card number travels to payment, and nowhere else.
        assertTrue(Stubs.payment().getAllServeEvents().get(0).getRequest().getBodyAsString().contains(Stubs.GOOD_CARD));
    }

    @Test
    void aDeclineReleasesTheStockAndAnswers402WithTheReason() {
        Stubs.paymentDeclines("insufficient_funds");

        String orderId = post(Stubs.checkout(Stubs.GOOD_CARD))
                .statusCode(402)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:problem-type:payment-declined"))
                .body("reason", equalTo("insufficient_funds"))
                .body("traceId", matchesPattern("[0-9a-f]{32}"))
                .extract().path("orderId");

        assertEquals(1, Stubs.paymentAttempts(), "a decline is never retried");
        assertEquals(1, Stubs.releases());
        given().get("/api/orders/{id}", orderId).then().statusCode(200)
                .body("status", equalTo("FAILED"))
                .body("failureReason", equalTo("declined"))
                .body("declineReason", equalTo("insufficient_funds"));
    }

    @Test
    void outOfStockIs409AndChargesNothing() {
        Stubs.inventoryRejects(409, "out-of-stock");

        post(Stubs.checkout(Stubs.GOOD_CARD)).statusCode(409).body("type", equalTo("urn:problem-type:out-of-stock"));

        assertEquals(0, Stubs.paymentAttempts());
    }

    @Test
    void unknownProductIs422AndChargesNothing() {
        Stubs.inventoryRejects(422, "unknown-product");

        post(Stubs.checkout(Stubs.GOOD_CARD)).statusCode(422).body("type", equalTo("urn:problem-type:unknown-product"));

        assertEquals(0, Stubs.paymentAttempts());
    }

    @Test
    void aGatewayFailureIsRetriedAndTheRetrySucceeds() {
        Stubs.paymentFailsOnceThenAuthorizes();

        post(Stubs.checkout(Stubs.GOOD_CARD)).statusCode(201).body("paymentId", equalTo(Stubs.PAYMENT_ID));

        assertEquals(2, Stubs.paymentAttempts());
        assertEquals(0, Stubs.releases());
    }

    @Test
    void paymentDownReleasesTheStockAndAnswers503WithRetryAfter() {
        Stubs.paymentFails();

        String orderId = post(Stubs.checkout(Stubs.GOOD_CARD))
                .statusCode(503)
                .header("Retry-After", "5")
                .body("type", equalTo("urn:problem-type:payment-unavailable"))
                .extract().path("orderId");

        assertEquals(3, Stubs.paymentAttempts(), "one attempt and two retries");
        assertEquals(1, Stubs.releases());
        given().get("/api/orders/{id}", orderId).then().body("failureReason", equalTo("payment_unavailable"));
    }

    @Test
    void aHungPaymentTimesOutAndCheckoutStillAnswersQuickly() {
        Stubs.paymentHangs(1_200);
        Instant start = Instant.now();

        post(Stubs.checkout(Stubs.GOOD_CARD)).statusCode(503).body("type", equalTo("urn:problem-type:payment-unavailable"));

        // Three attempts cut at the 500 ms test timeout, not three full 1.2 s waits (the limit is loose on purpose).
        assertTrue(Duration.between(start, Instant.now()).toMillis() < 3_500);
        assertEquals(1, Stubs.releases());
    }

    @Test
    void anOpenCircuitFailsFastWithoutCallingPayment() {
        Stubs.paymentFails();
        // 7 checkouts x 3 attempts fail: more than the breaker's window of 20 calls at a 75% failure ratio.
        for (int i = 0; i < 7; i++) {
            post(Stubs.checkout(Stubs.GOOD_CARD)).statusCode(503);
        }
        int attempts = Stubs.paymentAttempts();

        post(Stubs.checkout(Stubs.GOOD_CARD)).statusCode(503).body("type", equalTo("urn:problem-type:payment-unavailable"));

        assertEquals(attempts, Stubs.paymentAttempts(), "the open breaker did not call payment");
    }

    @Test
    void aReleaseThatFailsIsRetriedUntilInventoryTakesIt() {
        assertNull(scheduler.getScheduledJob("release-retry"), "the test runs the release retry, not the scheduler");
        Stubs.paymentDeclines("card_declined");
        Stubs.inventoryReleaseFails();

        post(Stubs.checkout("4000000000000002")).statusCode(402);
        int attempts = Stubs.releases();
        assertTrue(attempts >= 1);

        releaseRetry.releasePending(); // inventory still failing: nothing changes
        assertTrue(Stubs.releases() > attempts);
        Stubs.inventoryWorks();
        int before = Stubs.releases();
        releaseRetry.releasePending();
        assertEquals(before + 1, Stubs.releases(), "released once inventory is back");
        releaseRetry.releasePending();
        assertEquals(before + 1, Stubs.releases(), "and never again");
    }

    @Test
    void anUnknownOrderIs404() {
        given().get("/api/orders/{id}", "00000000-0000-0000-0000-000000000000").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:problem-type:order-not-found"));
    }

    static ValidatableResponse post(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/checkout").then();
    }
}
