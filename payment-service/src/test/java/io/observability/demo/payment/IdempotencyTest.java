package io.observability.demo.payment;

import static io.observability.demo.payment.PaymentApi.APPROVED_CARD;
import static io.observability.demo.payment.PaymentApi.DECLINED_CARD;
import static io.observability.demo.payment.PaymentApi.UNAVAILABLE_CARD;
import static io.observability.demo.payment.PaymentApi.authorize;
import static io.observability.demo.payment.PaymentApi.newOrderId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/** An order is authorized at most once, whatever the client repeats, and however fast. */
@QuarkusTest
class IdempotencyTest {

    @Inject
    PaymentRows rows;

    @Test
    void repeatAfterAuthorizationReturnsTheSamePayment() {
        String orderId = newOrderId();
        String first = authorize(orderId, APPROVED_CARD).statusCode(201).extract().asString();
        String again = authorize(orderId, APPROVED_CARD).statusCode(201).extract().asString();

        assertEquals(first, again, "a repeat gets the same body");
        assertEquals(1, rows.count(orderId));
    }

    @Test
    void repeatAfterDeclineIsDeclinedAgainWithTheSameReason() {
        String orderId = newOrderId();
        String paymentId = authorize(orderId, DECLINED_CARD).statusCode(402)
                .body("reason", is("card_declined")).extract().path("paymentId");

        // Even with a card that would be approved: the recorded outcome is final.
        authorize(orderId, APPROVED_CARD).statusCode(402)
                .body("reason", is("card_declined"))
                .body("paymentId", is(paymentId));
        assertEquals(1, rows.count(orderId));
    }

    @Test
    void gatewayFailureIsNotFinalSoARetryMaySucceed() {
        String orderId = newOrderId();
        authorize(orderId, UNAVAILABLE_CARD).statusCode(503);
        authorize(orderId, UNAVAILABLE_CARD).statusCode(503);
        assertEquals(0, rows.count(orderId), "a 503 stores nothing");

        authorize(orderId, APPROVED_CARD).statusCode(201).body("status", is("AUTHORIZED"));
        given().queryParam("orderId", orderId).get("/api/payments").then().body("$", hasSize(1));
    }

    @Test
    void concurrentRequestsForOneOrderAuthorizeItOnce() throws Exception {
        String orderId = newOrderId();
        int requests = 20;
        ExecutorService clients = Executors.newFixedThreadPool(requests);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ExtractableResponse<Response>>> responses = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                responses.add(clients.submit(() -> {
                    start.await();
                    return authorize(orderId, APPROVED_CARD).extract();
                }));
            }
            start.countDown();

            Set<String> paymentIds = new HashSet<>();
            for (Future<ExtractableResponse<Response>> response : responses) {
                ExtractableResponse<Response> answer = response.get(30, TimeUnit.SECONDS);
                assertEquals(201, answer.statusCode(), answer.asString());
                paymentIds.add(answer.path("id"));
            }
            assertEquals(1, paymentIds.size(), "every request got the same payment: " + paymentIds);
            assertEquals(1, rows.count(orderId), "exactly one row");
        } finally {
            clients.shutdownNow();
        }
    }
}
